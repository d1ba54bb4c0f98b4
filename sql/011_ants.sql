-- 011: the ANTS appointment hub asks for the coming appointments of
-- pre-application numbers (searchApplicationIds, cgi-bin/core/ants.c):
-- found through the persons of the bookings, by their number.
ALTER TABLE booking_persons ADD KEY IF NOT EXISTS ix_person_predemande (predemande);
