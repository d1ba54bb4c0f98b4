-- bench/check.sql — consistency of the bookings and the slots, run by
-- bench/run.sh after the data generation (@since = 0: everything) and after
-- each rush (@since = the last generated booking: the bookings the rush
-- made, and the slots they hold). One row "name<TAB>count" per check;
-- every count but the totals must be 0.

-- Totals.
SELECT 'bookings_confirmed', COUNT(*) FROM bookings WHERE status = 'confirmed';
SELECT 'new_confirmed', COUNT(*) FROM bookings WHERE status = 'confirmed' AND id > @since;
SELECT 'bookings_held', COUNT(*) FROM bookings WHERE status = 'held';

-- No slot holds more than its capacity, at any service level (all slots).
SELECT 'slots_overbooked', COUNT(*) FROM slots
 WHERE booked_regular > cap_regular OR booked_urgent > cap_urgent OR booked_extreme > cap_extreme;

-- Each slot's counters equal the places its active bookings hold (the
-- slots of the bookings checked).
SELECT 'slots_counter_mismatch', COUNT(*)
  FROM slots s
  LEFT JOIN (SELECT bs.slot_id,
                    SUM(b.level = 'regular') AS r, SUM(b.level = 'urgent') AS u, SUM(b.level = 'extreme') AS x
               FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id
              WHERE b.status IN ('held', 'confirmed')
              GROUP BY bs.slot_id) a ON a.slot_id = s.id
 WHERE (@since = 0 OR s.id IN (SELECT slot_id FROM booking_slots WHERE booking_id > @since))
   AND (s.booked_regular <> COALESCE(a.r, 0) OR s.booked_urgent <> COALESCE(a.u, 0)
        OR s.booked_extreme <> COALESCE(a.x, 0));

-- Every confirmed booking is whole: ceil(party x minutes / slot length)
-- back-to-back slots of its own device, from its start to its end, and one
-- person row per member of the party.
SELECT 'bookings_not_whole', COUNT(*)
  FROM bookings b
  JOIN procedures p ON p.id = b.procedure_id
  LEFT JOIN (SELECT bs.booking_id, COUNT(*) AS n, MIN(s.start_utc) AS st, MAX(s.end_utc) AS en,
                    SUM(TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc)) AS minutes,
                    MIN(TIMESTAMPDIFF(MINUTE, s.start_utc, s.end_utc)) AS slot_min,
                    MIN(s.device_id) AS dmin, MAX(s.device_id) AS dmax
               FROM booking_slots bs JOIN slots s ON s.id = bs.slot_id
              WHERE bs.booking_id > @since
              GROUP BY bs.booking_id) r ON r.booking_id = b.id
  LEFT JOIN (SELECT booking_id, COUNT(*) AS n FROM booking_persons WHERE booking_id > @since
              GROUP BY booking_id) pp ON pp.booking_id = b.id
 WHERE b.status = 'confirmed' AND b.id > @since
   AND (r.n IS NULL
        OR r.n <> CEIL(b.party_size * p.minutes_per_person / r.slot_min)
        OR r.dmin <> b.device_id OR r.dmax <> b.device_id
        OR r.st <> b.start_utc OR r.en <> b.end_utc
        OR TIMESTAMPDIFF(MINUTE, r.st, r.en) <> r.minutes
        OR COALESCE(pp.n, 0) <> b.party_size);

-- Every person of an appointment still to come owns its identity lock
-- (the primary key of person_locks makes each identity unique).
SELECT 'persons_without_lock', COUNT(*)
  FROM bookings b JOIN booking_persons bp ON bp.booking_id = b.id
 WHERE b.status = 'confirmed' AND b.id > @since AND b.end_utc > UTC_TIMESTAMP()
   AND NOT EXISTS (SELECT 1 FROM person_locks l WHERE l.booking_id = b.id
                    AND l.identity LIKE CONCAT('N:%|', bp.birth_date));
