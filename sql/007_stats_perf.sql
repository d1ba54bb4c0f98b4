-- 007: statistics over a year (issue #6, `make bench`, the stats scenario).
--
-- Every figure of /stats/ reads a period of bookings for some devices (a
-- commune's, a site's, one, or all): ix_booking_device (device_id,
-- start_utc) found them, but each then cost a read of the whole row in the
-- clustered index, in id order (random), about 3 pages per booking:
-- 12,000 bookings a year for a commune, 13 statements a page. This index
-- holds every column the statistics read, so they never leave it: per
-- device, the rows of the period are contiguous and carry what each
-- statement needs (the primary key id comes with every secondary index,
-- for the check-in steps' join). It costs a secondary index entry per
-- booking (about 55 bytes) and its upkeep when these columns change.
CREATE INDEX IF NOT EXISTS ix_booking_stats ON bookings
  (device_id, start_utc, status, channel, procedure_id, party_size, attendance, cancelled_by,
   partner_commune_id, home_insee, end_utc, created_utc, arrived_utc, started_utc, finished_utc);

-- The fill rate sums the capacities and counters of the period's slots
-- (40,000 a year for a commune): uq_slot (device_id, start_utc) found
-- them, then read each slot's row; here the counters come with the index.
CREATE INDEX IF NOT EXISTS ix_slot_fill ON slots
  (device_id, start_utc, cap_regular, booked_regular, cap_urgent, booked_urgent, cap_extreme, booked_extreme);
