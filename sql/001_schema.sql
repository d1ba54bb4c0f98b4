-- 001: the booking engine.
-- Times are stored in UTC (DATETIME, no zone); the application converts to
-- and from Europe/Paris. Every table is InnoDB/utf8mb4.

-- The official list of French communes (INSEE), loaded from
-- @etalab/decoupage-administratif by scripts/load-communes.sh.
CREATE TABLE IF NOT EXISTS ref_communes (
  insee      CHAR(5)      NOT NULL PRIMARY KEY,
  name       VARCHAR(120) NOT NULL,
  name_key   VARCHAR(120) NOT NULL,      -- lower-case, no accents, for search
  postcodes  VARCHAR(200) NOT NULL,      -- space separated
  dept       VARCHAR(3)   NOT NULL,
  lat        DOUBLE,
  lon        DOUBLE,
  population INT,
  KEY ix_ref_name (name_key),
  KEY ix_ref_post (postcodes(5))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Communes that are members of the platform, equipped (with sites and
-- devices) or partners (no device: they book for their residents).
CREATE TABLE IF NOT EXISTS communes (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  insee           CHAR(5)      NOT NULL UNIQUE,
  name            VARCHAR(120) NOT NULL,
  equipped        TINYINT(1)   NOT NULL DEFAULT 0,
  lat             DOUBLE       NOT NULL,
  lon             DOUBLE       NOT NULL,
  phone           VARCHAR(20),
  email           VARCHAR(254),
  reminder_hours  SMALLINT UNSIGNED NOT NULL DEFAULT 48,
  horizon_days    SMALLINT UNSIGNED NOT NULL DEFAULT 90,
  min_notice_hours SMALLINT UNSIGNED NOT NULL DEFAULT 2,
  cancel_limit_hours SMALLINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS sites (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  commune_id INT UNSIGNED NOT NULL,
  name       VARCHAR(160) NOT NULL,
  address    VARCHAR(200) NOT NULL,
  postcode   CHAR(5)      NOT NULL,
  city       VARCHAR(120) NOT NULL,
  lat        DOUBLE       NOT NULL,
  lon        DOUBLE       NOT NULL,
  access_info VARCHAR(500),
  active     TINYINT(1)   NOT NULL DEFAULT 1,
  CONSTRAINT fk_site_commune FOREIGN KEY (commune_id) REFERENCES communes(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A device is one agenda: a capture device (DR) for identity titles, or a
-- room/person for the other plannings (weddings, school, the mayor).
CREATE TABLE IF NOT EXISTS devices (
  id       INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  site_id  INT UNSIGNED NOT NULL,
  name     VARCHAR(120) NOT NULL,
  kind     ENUM('dr','planning') NOT NULL DEFAULT 'dr',
  active   TINYINT(1)   NOT NULL DEFAULT 1,
  CONSTRAINT fk_device_site FOREIGN KEY (site_id) REFERENCES sites(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Procedures (motifs). lock_groups lists the titles a booking of this
-- procedure covers, for the one-appointment-per-person rule: CNI+passport
-- locks both "CNI" and "PASS".
CREATE TABLE IF NOT EXISTS procedures (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code            VARCHAR(20)  NOT NULL UNIQUE,
  name_fr         VARCHAR(120) NOT NULL,
  name_en         VARCHAR(120) NOT NULL,
  minutes_per_person SMALLINT UNSIGNED NOT NULL,
  needs_predemande TINYINT(1)  NOT NULL DEFAULT 0,
  lock_groups     VARCHAR(60)  NOT NULL,
  documents_fr    TEXT         NOT NULL,  -- one document per line
  documents_en    TEXT         NOT NULL,
  sort_order      SMALLINT     NOT NULL DEFAULT 0,
  max_party       TINYINT UNSIGNED NOT NULL DEFAULT 5
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS device_procedures (
  device_id    INT UNSIGNED NOT NULL,
  procedure_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (device_id, procedure_id),
  KEY ix_dp_proc (procedure_id),
  CONSTRAINT fk_dp_device FOREIGN KEY (device_id) REFERENCES devices(id),
  CONSTRAINT fk_dp_proc FOREIGN KEY (procedure_id) REFERENCES procedures(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Weekly opening rules: on `weekday` (1 = Monday .. 7 = Sunday), local time
-- [start_time, end_time) is cut into slots of slot_minutes, each with a
-- capacity per service level.
CREATE TABLE IF NOT EXISTS opening_rules (
  id           INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id    INT UNSIGNED NOT NULL,
  weekday      TINYINT UNSIGNED NOT NULL,
  start_time   TIME NOT NULL,
  end_time     TIME NOT NULL,
  slot_minutes SMALLINT UNSIGNED NOT NULL DEFAULT 15,
  cap_regular  SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  cap_urgent   SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  cap_extreme  SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  valid_from   DATE,
  valid_to     DATE,
  KEY ix_rules_device (device_id, weekday),
  CONSTRAINT fk_rule_device FOREIGN KEY (device_id) REFERENCES devices(id),
  CONSTRAINT ck_rule_weekday CHECK (weekday BETWEEN 1 AND 7),
  CONSTRAINT ck_rule_span CHECK (end_time > start_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Generated slots. The CHECK constraints are the last line of defence: a
-- booking takes a place with a conditional UPDATE, and the database refuses
-- any row whose booked count would exceed its capacity.
CREATE TABLE IF NOT EXISTS slots (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id   INT UNSIGNED NOT NULL,
  start_utc   DATETIME NOT NULL,
  end_utc     DATETIME NOT NULL,
  cap_regular SMALLINT UNSIGNED NOT NULL,
  cap_urgent  SMALLINT UNSIGNED NOT NULL,
  cap_extreme SMALLINT UNSIGNED NOT NULL,
  booked_regular SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  booked_urgent  SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  booked_extreme SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  UNIQUE KEY uq_slot (device_id, start_utc),
  KEY ix_slot_start (start_utc),
  CONSTRAINT fk_slot_device FOREIGN KEY (device_id) REFERENCES devices(id),
  CONSTRAINT ck_slot_regular CHECK (booked_regular <= cap_regular),
  CONSTRAINT ck_slot_urgent  CHECK (booked_urgent  <= cap_urgent),
  CONSTRAINT ck_slot_extreme CHECK (booked_extreme <= cap_extreme)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS bookings (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ref          CHAR(8)      NOT NULL UNIQUE,
  status       ENUM('held','confirmed','cancelled','expired') NOT NULL,
  device_id    INT UNSIGNED NOT NULL,
  procedure_id INT UNSIGNED NOT NULL,
  level        ENUM('regular','urgent','extreme') NOT NULL DEFAULT 'regular',
  party_size   TINYINT UNSIGNED NOT NULL,
  start_utc    DATETIME NOT NULL,
  end_utc      DATETIME NOT NULL,
  channel      ENUM('web','phone','counter','partner','voice') NOT NULL DEFAULT 'web',
  home_insee   CHAR(5),
  partner_commune_id INT UNSIGNED,
  contact_phone VARCHAR(16),
  contact_email VARCHAR(254),
  lang         CHAR(2) NOT NULL DEFAULT 'fr',
  secret       CHAR(32) NOT NULL,          -- random, keys the signed links
  hold_expires_utc DATETIME,
  created_utc  DATETIME NOT NULL,
  confirmed_utc DATETIME,
  cancelled_utc DATETIME,
  cancelled_by ENUM('person','commune'),
  moved_count  SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  KEY ix_booking_device (device_id, start_utc),
  KEY ix_booking_status (status, hold_expires_utc),
  CONSTRAINT fk_booking_device FOREIGN KEY (device_id) REFERENCES devices(id),
  CONSTRAINT fk_booking_proc FOREIGN KEY (procedure_id) REFERENCES procedures(id),
  CONSTRAINT ck_booking_party CHECK (party_size BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which slots (and how many places at the booking's level) a booking holds.
CREATE TABLE IF NOT EXISTS booking_slots (
  booking_id BIGINT UNSIGNED NOT NULL,
  slot_id    BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (booking_id, slot_id),
  KEY ix_bs_slot (slot_id),
  CONSTRAINT fk_bs_booking FOREIGN KEY (booking_id) REFERENCES bookings(id),
  CONSTRAINT fk_bs_slot FOREIGN KEY (slot_id) REFERENCES slots(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS booking_persons (
  booking_id  BIGINT UNSIGNED NOT NULL,
  position    TINYINT UNSIGNED NOT NULL,
  last_name   VARCHAR(100) NOT NULL,
  first_names VARCHAR(150) NOT NULL,
  birth_date  DATE NOT NULL,
  predemande  CHAR(10),
  PRIMARY KEY (booking_id, position),
  KEY ix_person_name (last_name),
  CONSTRAINT fk_bp_booking FOREIGN KEY (booking_id) REFERENCES bookings(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The one-appointment-per-person rule, decided by a unique key: each person
-- of an active booking owns (lock_group, identity) rows, where identity is
-- "N:<normalised name>|<birth date>" or "P:<pre-application number>".
-- Rows whose appointment has ended are deleted before a new insert.
CREATE TABLE IF NOT EXISTS person_locks (
  lock_group VARCHAR(20)  NOT NULL,
  identity   VARCHAR(300) NOT NULL,
  booking_id BIGINT UNSIGNED NOT NULL,
  ends_utc   DATETIME NOT NULL,
  PRIMARY KEY (lock_group, identity),
  KEY ix_lock_booking (booking_id),
  CONSTRAINT fk_lock_booking FOREIGN KEY (booking_id) REFERENCES bookings(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One-time codes: HMAC-SHA256 of the code under the app secret, never the
-- code itself. purpose: 'confirm' a held booking, 'manage' an existing one.
CREATE TABLE IF NOT EXISTS otp_codes (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  booking_id  BIGINT UNSIGNED NOT NULL,
  purpose     ENUM('confirm','manage') NOT NULL,
  code_hash   CHAR(64) NOT NULL,
  expires_utc DATETIME NOT NULL,
  attempts    TINYINT UNSIGNED NOT NULL DEFAULT 0,
  used_utc    DATETIME,
  created_utc DATETIME NOT NULL,
  KEY ix_otp_booking (booking_id, purpose, created_utc),
  CONSTRAINT fk_otp_booking FOREIGN KEY (booking_id) REFERENCES bookings(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Fixed-window counters for rate limits (code sends per contact, code
-- tries per address...). key_hash is an HMAC, never the contact itself.
CREATE TABLE IF NOT EXISTS rate_events (
  bucket     VARCHAR(20) NOT NULL,
  key_hash   CHAR(64)    NOT NULL,
  at_utc     DATETIME    NOT NULL,
  KEY ix_rate (bucket, key_hash, at_utc)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Messages to send, written in the same transaction as the change that
-- causes them; the notification worker delivers them.
CREATE TABLE IF NOT EXISTS outbox (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  idem_key     VARCHAR(100) NOT NULL UNIQUE,
  kind         VARCHAR(30)  NOT NULL,
  channel      ENUM('sms','email') NOT NULL,
  recipient    VARCHAR(254) NOT NULL,
  subject      VARCHAR(200),
  body         TEXT NOT NULL,
  booking_id   BIGINT UNSIGNED,
  commune_id   INT UNSIGNED,
  lang         CHAR(2) NOT NULL DEFAULT 'fr',
  status       ENUM('pending','sent','failed','expired') NOT NULL DEFAULT 'pending',
  attempts     SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  next_try_utc DATETIME NOT NULL,
  deadline_utc DATETIME,
  created_utc  DATETIME NOT NULL,
  sent_utc     DATETIME,
  transport    VARCHAR(20),
  provider_answer VARCHAR(500),
  KEY ix_outbox_due (status, next_try_utc),
  KEY ix_outbox_booking (booking_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Liveness of the background workers, for /healthz.
CREATE TABLE IF NOT EXISTS heartbeats (
  name   VARCHAR(40) NOT NULL PRIMARY KEY,
  at_utc DATETIME    NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
