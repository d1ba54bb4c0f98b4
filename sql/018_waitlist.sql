-- 018: the waiting list (core/waitlist.c). A person for whom no time fits
-- joins it for a procedure, a party, a set of sites (chosen, or those
-- within N km of a place, resolved when joining) and a window of local
-- days, confirmed by a one-time code. creneau-notify offers freed runs to
-- the entries in the order they joined: one offer is a real hold
-- (bookings.status = 'held') that the person confirms from a signed link.

-- Per commune: offers only for times more than waitlist_min_hours away,
-- held waitlist_offer_minutes, never sent between quiet_from_hour and
-- quiet_to_hour (local time, Europe/Paris; from > to spans midnight).
ALTER TABLE communes
  ADD COLUMN IF NOT EXISTS waitlist_min_hours SMALLINT UNSIGNED NOT NULL DEFAULT 24,
  ADD COLUMN IF NOT EXISTS waitlist_offer_minutes SMALLINT UNSIGNED NOT NULL DEFAULT 30,
  ADD COLUMN IF NOT EXISTS quiet_from_hour TINYINT UNSIGNED NOT NULL DEFAULT 21,
  ADD COLUMN IF NOT EXISTS quiet_to_hour TINYINT UNSIGNED NOT NULL DEFAULT 8;

-- status: pending_code (the code not typed yet) -> active -> offered (an
-- offer is out) -> active again (it expired) | booked | left | expired
-- (the window passed, or the offers ran out). commune_id: the commune of
-- the first site, for the statistics. The code is stored as an HMAC, as
-- otp_codes does (a code belongs to a booking there).
CREATE TABLE IF NOT EXISTS waitlist (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ref            CHAR(8)      NOT NULL UNIQUE,
  status         ENUM('pending_code','active','offered','booked','left','expired') NOT NULL,
  procedure_id   INT UNSIGNED NOT NULL,
  party_size     TINYINT UNSIGNED NOT NULL,
  commune_id     INT UNSIGNED NOT NULL,
  radius_km      SMALLINT UNSIGNED,          -- NULL: sites chosen one by one
  date_from      DATE NOT NULL,              -- local days, inclusive
  date_to        DATE NOT NULL,
  contact_phone  VARCHAR(16),
  contact_email  VARCHAR(254),
  channel        ENUM('sms','email') NOT NULL,
  contact_key    CHAR(64) NOT NULL,          -- HMAC of the contact: one entry per procedure
  lang           CHAR(2) NOT NULL DEFAULT 'fr',
  secret         CHAR(32) NOT NULL,          -- keys the signed links
  code_hash      CHAR(64),
  code_expires_utc DATETIME,
  code_attempts  TINYINT UNSIGNED NOT NULL DEFAULT 0,
  offers_made    TINYINT UNSIGNED NOT NULL DEFAULT 0,
  last_offer_utc DATETIME,
  created_utc    DATETIME NOT NULL,
  activated_utc  DATETIME,
  ended_utc      DATETIME,
  KEY ix_waitlist_status (status, id),
  KEY ix_waitlist_contact (contact_key, procedure_id, status),
  KEY ix_waitlist_ended (ended_utc),
  CONSTRAINT fk_waitlist_proc FOREIGN KEY (procedure_id) REFERENCES procedures(id),
  CONSTRAINT ck_waitlist_party CHECK (party_size BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS waitlist_sites (
  waitlist_id BIGINT UNSIGNED NOT NULL,
  site_id     INT UNSIGNED NOT NULL,
  PRIMARY KEY (waitlist_id, site_id),
  KEY ix_ws_site (site_id),
  CONSTRAINT fk_ws_waitlist FOREIGN KEY (waitlist_id) REFERENCES waitlist(id) ON DELETE CASCADE,
  CONSTRAINT fk_ws_site FOREIGN KEY (site_id) REFERENCES sites(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The people of the future booking, given when joining (the offer is a
-- hold, which takes the duplicate rule's locks at once).
CREATE TABLE IF NOT EXISTS waitlist_persons (
  waitlist_id BIGINT UNSIGNED NOT NULL,
  position    TINYINT UNSIGNED NOT NULL,
  last_name   VARCHAR(100) NOT NULL,
  first_names VARCHAR(150) NOT NULL,
  birth_date  DATE NOT NULL,
  predemande  CHAR(10),
  PRIMARY KEY (waitlist_id, position),
  CONSTRAINT fk_wp_waitlist FOREIGN KEY (waitlist_id) REFERENCES waitlist(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One offer: the hold made for it (its expiry is the offer's).
CREATE TABLE IF NOT EXISTS waitlist_offers (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  waitlist_id  BIGINT UNSIGNED NOT NULL,
  booking_id   BIGINT UNSIGNED NOT NULL,
  commune_id   INT UNSIGNED NOT NULL,
  status       ENUM('offered','taken','expired') NOT NULL DEFAULT 'offered',
  expires_utc  DATETIME NOT NULL,
  created_utc  DATETIME NOT NULL,
  KEY ix_wo_waitlist (waitlist_id, status),
  KEY ix_wo_status (status),
  UNIQUE KEY uq_wo_booking (booking_id),
  CONSTRAINT fk_wo_waitlist FOREIGN KEY (waitlist_id) REFERENCES waitlist(id) ON DELETE CASCADE,
  CONSTRAINT fk_wo_booking FOREIGN KEY (booking_id) REFERENCES bookings(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What the statistics count, kept when the entries are purged: one row
-- per event, no personal data.
CREATE TABLE IF NOT EXISTS waitlist_events (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  commune_id  INT UNSIGNED NOT NULL,
  kind        ENUM('joined','offered','taken','left','expired') NOT NULL,
  at_utc      DATETIME NOT NULL,
  KEY ix_we_at (at_utc, commune_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
