-- 009: ix_booking_device (device_id, start_utc) is the prefix of
-- ix_booking_stats (007), which serves every read it served and the
-- foreign key on device_id. Each booking, move and cancellation kept both
-- up to date (issue #6, the rush).
ALTER TABLE bookings DROP INDEX IF EXISTS ix_booking_device;
