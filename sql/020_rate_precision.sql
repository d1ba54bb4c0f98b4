-- 020: rate-limit events to the millisecond. The sign-in pause counts
-- from the last failure: kept to the second, a 1 s pause could last 0 s
-- when a second boundary fell between the failure and the next try.
-- The table also gets a primary key (every table has one).
ALTER TABLE rate_events MODIFY at_utc DATETIME(3) NOT NULL;
ALTER TABLE rate_events ADD COLUMN IF NOT EXISTS id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;
