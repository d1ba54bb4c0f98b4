-- 002: reliable delivery of the outbox (issue #4): leases so that several
-- workers share the queue and a crashed one loses nothing, the parts of an
-- email (HTML, iCalendar attachment), the SMS segments a message costs,
-- the monthly counters per commune, and the reminders already queued.

-- 'sending': a worker holds a lease on the message (claimed_by, until
-- claim_until) and may be talking to the provider right now. A lease that
-- ran out belongs to a worker that died: the message goes back to
-- 'pending' and is sent again with the same idempotency key, which the
-- provider uses to drop the repeat (see cgi-bin/notify.c).
-- The new value goes last so that the ALTER does not renumber the enum.
ALTER TABLE outbox
  MODIFY COLUMN status ENUM('pending','sent','failed','expired','sending') NOT NULL DEFAULT 'pending',
  ADD COLUMN IF NOT EXISTS body_html MEDIUMTEXT AFTER body,        -- email: text/html part
  ADD COLUMN IF NOT EXISTS ics MEDIUMTEXT AFTER body_html,         -- email: text/calendar attachment
  ADD COLUMN IF NOT EXISTS segments SMALLINT UNSIGNED NOT NULL DEFAULT 0 AFTER ics, -- SMS only
  ADD COLUMN IF NOT EXISTS claimed_by VARCHAR(80),                 -- last worker that took it
  ADD COLUMN IF NOT EXISTS claim_until DATETIME,                   -- its lease, while 'sending'
  ADD COLUMN IF NOT EXISTS last_try_utc DATETIME,
  ADD KEY IF NOT EXISTS ix_outbox_lease (status, claim_until),
  ADD KEY IF NOT EXISTS ix_outbox_deadline (status, deadline_utc);

-- Messages sent, per commune (0: no commune, e.g. staff accounts), month
-- (first day, Europe/Paris) and channel; incremented in the transaction
-- that marks a message sent, so a message is counted once. Outlives the
-- outbox rows, which may be purged.
CREATE TABLE IF NOT EXISTS message_counts (
  commune_id INT UNSIGNED NOT NULL,
  month      DATE NOT NULL,
  channel    ENUM('sms','email') NOT NULL,
  sent       INT UNSIGNED NOT NULL DEFAULT 0,
  segments   INT UNSIGNED NOT NULL DEFAULT 0,   -- SMS segments billed
  PRIMARY KEY (commune_id, month, channel)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- One row per commune and month, for the statistics pages.
CREATE OR REPLACE VIEW message_counts_monthly AS
  SELECT commune_id, month,
         CAST(SUM(IF(channel = 'sms', sent, 0)) AS UNSIGNED)     AS sms_sent,
         CAST(SUM(IF(channel = 'sms', segments, 0)) AS UNSIGNED) AS sms_segments,
         CAST(SUM(IF(channel = 'email', sent, 0)) AS UNSIGNED)   AS emails_sent
    FROM message_counts
   GROUP BY commune_id, month;

-- Reminders already queued, one per booking and start time: a move changes
-- the start time, which re-arms the reminder. The primary key is what stops
-- two workers from queueing the same reminder (the outbox idempotency key,
-- which holds the start time too, would stop it anyway). No foreign key, so
-- that purging old bookings need not know about this table.
CREATE TABLE IF NOT EXISTS booking_reminders (
  booking_id BIGINT UNSIGNED NOT NULL,
  start_utc  DATETIME NOT NULL,
  queued_utc DATETIME NOT NULL,
  PRIMARY KEY (booking_id, start_utc)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
