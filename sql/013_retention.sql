-- 013: personal data kept only as long as allowed (core/retention.c).
-- A booking past its retention keeps what the statistics count (device,
-- procedure, level, times, channel, status, home commune, party size,
-- steps) and loses what names a person: persons, contacts, codes, locks,
-- the bodies of its messages. anonymised_utc says when.
ALTER TABLE bookings
  ADD COLUMN IF NOT EXISTS anonymised_utc DATETIME NULL,
  ADD KEY IF NOT EXISTS ix_booking_retention (anonymised_utc, end_utc);

-- The purge reads these by age.
ALTER TABLE outbox ADD KEY IF NOT EXISTS ix_outbox_created (created_utc);
ALTER TABLE audit_log ADD KEY IF NOT EXISTS ix_audit_at (at_utc);
ALTER TABLE otp_codes ADD KEY IF NOT EXISTS ix_otp_expires (expires_utc);
ALTER TABLE rate_events ADD KEY IF NOT EXISTS ix_rate_at (at_utc);
