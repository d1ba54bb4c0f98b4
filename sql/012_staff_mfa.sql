-- 012: a second factor for staff accounts (TOTP, RFC 6238) and recovery
-- codes; the state of a session between the password and the code.

-- The TOTP key is stored sealed, in hex (libsodium secretbox under a key derived
-- from the application secret), never in clear. totp_pending holds the key
-- being enrolled until its first code is typed; totp_last_step the last
-- 30-second step accepted, so that each code serves once.
ALTER TABLE staff
  ADD COLUMN IF NOT EXISTS totp_secret      VARCHAR(160) CHARACTER SET ascii NULL,
  ADD COLUMN IF NOT EXISTS totp_pending     VARCHAR(160) CHARACTER SET ascii NULL,
  ADD COLUMN IF NOT EXISTS totp_last_step   BIGINT NULL,
  ADD COLUMN IF NOT EXISTS totp_enabled_utc DATETIME NULL;

-- Ten single-use codes given at enrolment, for a lost phone: only their
-- SHA-256 is kept.
CREATE TABLE IF NOT EXISTS staff_recovery_codes (
  id        INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  staff_id  INT UNSIGNED NOT NULL,
  code_hash CHAR(64) NOT NULL,
  used_utc  DATETIME NULL,
  UNIQUE KEY ux_recovery (staff_id, code_hash),
  CONSTRAINT fk_recovery_staff FOREIGN KEY (staff_id) REFERENCES staff(id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- done: signed in; code: the password was right, the TOTP code is awaited;
-- enrol: the password was right and the account must first enrol a key.
ALTER TABLE staff_sessions
  ADD COLUMN IF NOT EXISTS mfa ENUM('done','code','enrol') NOT NULL DEFAULT 'done';

-- Administrators always need the second factor; a commune may require it
-- of its agents too.
ALTER TABLE communes
  ADD COLUMN IF NOT EXISTS agents_need_totp TINYINT(1) NOT NULL DEFAULT 0;
