-- 016: the check of the pre-application numbers with ANTS at booking
-- (core/ants_check.c). When ANTS does not answer, each commune decides:
-- 'accept' the booking and check the numbers again before declaring them
-- (the person's row keeps ants_recheck = 1, and so does its declaration),
-- or 'block' it (the person is asked to try again later).
ALTER TABLE communes
  ADD COLUMN IF NOT EXISTS ants_on_error ENUM('accept', 'block') NOT NULL DEFAULT 'accept';
ALTER TABLE booking_persons
  ADD COLUMN IF NOT EXISTS ants_recheck TINYINT(1) NOT NULL DEFAULT 0;
ALTER TABLE ants_queue
  ADD COLUMN IF NOT EXISTS recheck TINYINT(1) NOT NULL DEFAULT 0;
