-- 024: absences told by message, by letter, or both (per commune), and
-- the marks that let agents see a person's repeated absences on their next
-- booking. A mark holds an HMAC of the person's identity (the normalised
-- name and birth date, as the one-appointment rule folds them), never the
-- name; it is deleted when the absence is undone (the person came after
-- all) and after a year (core/retention.c).
ALTER TABLE communes
  ADD COLUMN IF NOT EXISTS noshow_notice ENUM('message','letter','both') NOT NULL DEFAULT 'message';

CREATE TABLE IF NOT EXISTS noshow_marks (
  identity_hash CHAR(64) NOT NULL,
  booking_id    BIGINT UNSIGNED NOT NULL,
  at_utc        DATETIME NOT NULL,
  PRIMARY KEY (identity_hash, booking_id),
  KEY ix_noshow_booking (booking_id),
  KEY ix_noshow_at (at_utc)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
