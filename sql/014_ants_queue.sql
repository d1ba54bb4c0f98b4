-- 014: the declarations of our appointments to the ANTS coordination
-- (anti-duplicate) API, core/ants_coord.c. One row per pre-application
-- number and change, written in the booking's own transaction: 'create'
-- when a booking is confirmed, 'delete' when it is cancelled (by the
-- person, by staff, by a commune's closure), both on a move. Delivered by
-- creneau-notify with the outbox's design: 'pending' (due at
-- next_try_utc) -> 'sending' (a lease: claimed_by, claim_until) -> 'done'
-- | 'failed', or back to 'pending' with a back-off. idem_key is unique
-- (op:booking:moved_count:number): queueing the same change twice is a
-- no-op. A row is delivered only once the rows before it for the same
-- booking and number are settled, so a delete never overtakes its create.
-- appointment_date is the site's wall clock (Europe/Paris), as ANTS reads it.
CREATE TABLE IF NOT EXISTS ants_queue (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  idem_key VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  op ENUM('create', 'delete') NOT NULL,
  booking_id BIGINT UNSIGNED NOT NULL,
  commune_id BIGINT UNSIGNED NOT NULL,
  application_id CHAR(10) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  meeting_point VARCHAR(200) NOT NULL,
  meeting_point_id VARCHAR(20) CHARACTER SET ascii NOT NULL,
  appointment_date CHAR(19) CHARACTER SET ascii NOT NULL,
  management_url VARCHAR(500) NOT NULL DEFAULT '',
  status ENUM('pending', 'sending', 'done', 'failed') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  next_try_utc DATETIME NOT NULL,
  claimed_by CHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  claim_until DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00',
  answer CHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  created_utc DATETIME NOT NULL,
  done_utc DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00',
  UNIQUE KEY uq_ants_idem (idem_key),
  KEY ix_ants_due (status, next_try_utc),
  KEY ix_ants_booking (booking_id, application_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
