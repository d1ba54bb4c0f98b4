-- 005: statistics — the delay to the next free time, one snapshot per day,
-- site and procedure (taken by creneau-admin snapshot-delays, daily), so
-- that a commune sees it grow before its citizens do.
CREATE TABLE IF NOT EXISTS delay_snapshots (
  day          DATE NOT NULL,
  site_id      INT UNSIGNED NOT NULL,
  procedure_id INT UNSIGNED NOT NULL,
  delay_hours  INT UNSIGNED,             -- NULL: nothing free over the horizon
  PRIMARY KEY (day, site_id, procedure_id),
  KEY ix_snap_site (site_id, day),
  CONSTRAINT fk_snap_site FOREIGN KEY (site_id) REFERENCES sites(id),
  CONSTRAINT fk_snap_proc FOREIGN KEY (procedure_id) REFERENCES procedures(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Reporting indexes: a year of a commune's bookings by start time.
CREATE INDEX IF NOT EXISTS ix_booking_start ON bookings (start_utc, status);
