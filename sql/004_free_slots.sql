-- 004: indexes for the public search and the free times (issue #6).
--
-- Free places by device and time: has_free_regular says whether a slot
-- still has a place for the public. It is a stored generated column, so
-- InnoDB updates it, and the index, in the very UPDATE that takes or gives
-- back a place (inside the booking transaction): the index never lags
-- behind the counters and needs no cache to keep right. The earliest free
-- time of a device is one index dive (device_id, 1, start_utc >= now), the
-- free times of a day one short range, whatever the history holds.
ALTER TABLE slots
  ADD COLUMN IF NOT EXISTS has_free_regular TINYINT(1) AS (booked_regular < cap_regular) STORED,
  ADD KEY IF NOT EXISTS ix_slot_free (device_id, has_free_regular, start_utc);

-- A postcode typed in the search (or given as the home commune) is looked
-- up among each commune's space-separated postcodes: a full-text index
-- finds it without reading the 35,000 communes.
ALTER TABLE ref_communes ADD FULLTEXT KEY IF NOT EXISTS ft_ref_postcodes (postcodes);
