-- 003: the staff side — accounts, sessions, password resets, check-in,
-- closures, the audit log.

-- Roles: agent (an equipped commune's sites and devices), commune_admin
-- (its settings and staff too), partner (a non-equipped commune that books
-- for its residents), platform_admin (everything; commune_id NULL).
CREATE TABLE IF NOT EXISTS staff (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email         VARCHAR(254) NOT NULL UNIQUE,
  name          VARCHAR(120) NOT NULL,
  role          ENUM('agent','commune_admin','partner','platform_admin') NOT NULL,
  commune_id    INT UNSIGNED,
  password_hash VARCHAR(255),             -- crypto_pwhash_str (Argon2id); NULL until set
  active        TINYINT(1) NOT NULL DEFAULT 1,
  created_utc   DATETIME NOT NULL,
  last_login_utc DATETIME,
  CONSTRAINT fk_staff_commune FOREIGN KEY (commune_id) REFERENCES communes(id),
  CONSTRAINT ck_staff_scope CHECK ((role = 'platform_admin') = (commune_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions: only the SHA-256 of the random token is stored.
CREATE TABLE IF NOT EXISTS staff_sessions (
  token_hash   CHAR(64) NOT NULL PRIMARY KEY,
  staff_id     INT UNSIGNED NOT NULL,
  created_utc  DATETIME NOT NULL,
  last_seen_utc DATETIME NOT NULL,
  KEY ix_session_staff (staff_id),
  CONSTRAINT fk_session_staff FOREIGN KEY (staff_id) REFERENCES staff(id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- One-time password links (reset and first password of an invited person).
CREATE TABLE IF NOT EXISTS staff_tokens (
  token_hash  CHAR(64) NOT NULL PRIMARY KEY,
  staff_id    INT UNSIGNED NOT NULL,
  expires_utc DATETIME NOT NULL,
  used_utc    DATETIME,
  CONSTRAINT fk_token_staff FOREIGN KEY (staff_id) REFERENCES staff(id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Who made a booking on the staff side.
ALTER TABLE bookings
  ADD COLUMN IF NOT EXISTS created_by_staff INT UNSIGNED,
  ADD COLUMN IF NOT EXISTS attendance ENUM('none','arrived','started','finished','noshow') NOT NULL DEFAULT 'none',
  ADD COLUMN IF NOT EXISTS arrived_utc DATETIME,
  ADD COLUMN IF NOT EXISTS started_utc DATETIME,
  ADD COLUMN IF NOT EXISTS finished_utc DATETIME,
  ADD COLUMN IF NOT EXISTS noshow_utc DATETIME;

-- Named check-in steps a site may define (reception, checks, capture, exit),
-- and the time each booking passed each step.
CREATE TABLE IF NOT EXISTS site_steps (
  site_id  INT UNSIGNED NOT NULL,
  position TINYINT UNSIGNED NOT NULL,
  name     VARCHAR(60) NOT NULL,
  PRIMARY KEY (site_id, position),
  CONSTRAINT fk_step_site FOREIGN KEY (site_id) REFERENCES sites(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS booking_steps (
  booking_id BIGINT UNSIGNED NOT NULL,
  position   TINYINT UNSIGNED NOT NULL,
  name       VARCHAR(60) NOT NULL,
  at_utc     DATETIME NOT NULL,
  staff_id   INT UNSIGNED,
  PRIMARY KEY (booking_id, position),
  CONSTRAINT fk_bstep_booking FOREIGN KEY (booking_id) REFERENCES bookings(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Closures (holidays, exceptional closing), device outages and agent
-- absences over a period: the slots inside lose their capacity.
CREATE TABLE IF NOT EXISTS closures (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id   INT UNSIGNED NOT NULL,
  kind        ENUM('closure','outage','absence') NOT NULL,
  start_utc   DATETIME NOT NULL,
  end_utc     DATETIME NOT NULL,
  reason      VARCHAR(200) NOT NULL,
  created_by  INT UNSIGNED,
  created_utc DATETIME NOT NULL,
  KEY ix_closure_device (device_id, start_utc),
  CONSTRAINT fk_closure_device FOREIGN KEY (device_id) REFERENCES devices(id),
  CONSTRAINT ck_closure_span CHECK (end_utc > start_utc)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every staff action that changes data.
CREATE TABLE IF NOT EXISTS audit_log (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at_utc     DATETIME NOT NULL,
  staff_id   INT UNSIGNED,
  commune_id INT UNSIGNED,
  action     VARCHAR(40) NOT NULL,
  entity     VARCHAR(30) NOT NULL,
  entity_id  VARCHAR(40),
  details    VARCHAR(500),
  KEY ix_audit_commune (commune_id, at_utc),
  KEY ix_audit_staff (staff_id, at_utc)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which generation of the opening rules produced a slot: after a change of
-- rules, future slots the new rules no longer produce keep their bookings
-- but offer no more places.
ALTER TABLE slots ADD COLUMN IF NOT EXISTS gen BIGINT UNSIGNED NOT NULL DEFAULT 0;
