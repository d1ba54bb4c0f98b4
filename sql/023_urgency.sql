-- 023: urgent appointments and minors' places (issue #21 §4).
--
-- Urgency: an appointment booked by an agent on the urgent or extreme
-- level records why (booking_urgency: the reason, its detail, who granted
-- it). A citizen whose title expires soon can ask online
-- (urgency_requests, confirmed by a one-time code); the request waits in
-- its commune's queue until an agent grants a slot (a real booking on the
-- urgent level) or refuses it with a reason.

CREATE TABLE IF NOT EXISTS booking_urgency (
  booking_id   BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  reason       ENUM('expiring','travel','lost','health') NOT NULL,
  detail       VARCHAR(300),
  granted_by   INT UNSIGNED NOT NULL,     -- staff.id
  granted_utc  DATETIME NOT NULL,
  request_id   BIGINT UNSIGNED,           -- the online request it answers, if any
  CONSTRAINT fk_bu_booking FOREIGN KEY (booking_id) REFERENCES bookings(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- status: pending_code (the code not typed yet) -> waiting (in the queue)
-- -> granted | refused. due_date: the title's expiry or the travel date.
-- Personal data (names, contact, explanation) are blanked by retention
-- once the request is decided and old (core/retention.c).
CREATE TABLE IF NOT EXISTS urgency_requests (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ref            CHAR(8)      NOT NULL UNIQUE,
  status         ENUM('pending_code','waiting','granted','refused') NOT NULL,
  commune_id     INT UNSIGNED NOT NULL,
  site_id        INT UNSIGNED,
  procedure_id   INT UNSIGNED NOT NULL,
  reason         ENUM('expiring','travel','lost','health') NOT NULL,
  due_date       DATE,
  explanation    VARCHAR(1000),
  last_name      VARCHAR(100),
  first_names    VARCHAR(150),
  birth_date     DATE,
  contact_phone  VARCHAR(16),
  contact_email  VARCHAR(254),
  channel        ENUM('sms','email') NOT NULL,
  lang           CHAR(2) NOT NULL DEFAULT 'fr',
  code_hash      CHAR(64),
  code_expires_utc DATETIME,
  code_attempts  TINYINT UNSIGNED NOT NULL DEFAULT 0,
  created_utc    DATETIME NOT NULL,
  submitted_utc  DATETIME,
  decided_utc    DATETIME,
  decided_by     INT UNSIGNED,
  refusal        VARCHAR(500),
  booking_id     BIGINT UNSIGNED,
  purged         TINYINT(1) NOT NULL DEFAULT 0,
  KEY ix_ur_queue (commune_id, status, submitted_utc),
  KEY ix_ur_decided (decided_utc),
  KEY ix_ur_created (created_utc),
  CONSTRAINT fk_ur_proc FOREIGN KEY (procedure_id) REFERENCES procedures(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Minors' places: a band of the quota grid marked minors_only gives its
-- regular places to the minors' pool of its slots (cap_minors), which only
-- a booking whose people are all minors at the appointment may take. The
-- pool a booking took each slot's place from is in booking_slots.minors,
-- so giving it back frees the right one. The CHECK is the last line of
-- defence, as for the levels.
ALTER TABLE opening_rules
  ADD COLUMN IF NOT EXISTS minors_only TINYINT(1) NOT NULL DEFAULT 0;
ALTER TABLE slots
  ADD COLUMN IF NOT EXISTS cap_minors SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS booked_minors SMALLINT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE slots
  ADD CONSTRAINT IF NOT EXISTS ck_slot_minors CHECK (booked_minors <= cap_minors);
ALTER TABLE booking_slots
  ADD COLUMN IF NOT EXISTS minors TINYINT(1) NOT NULL DEFAULT 0;
