-- 015: signed webhooks (issue #18, section 3), core/webhook.c.
-- A commune's administrator registers HTTPS endpoints (/agent/webhooks);
-- each booking event of the commune is queued for each active endpoint
-- that subscribes to it, as a JSON payload signed at delivery with the
-- endpoint's secret. The secret is stored sealed (libsodium secretbox
-- under a key derived from the application secret, as core/mfa.c seals
-- TOTP keys): a dump of the database does not give it away.
CREATE TABLE IF NOT EXISTS webhooks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  commune_id INT UNSIGNED NOT NULL,
  url VARCHAR(500) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  secret_sealed VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  events SET('booking.created', 'booking.confirmed', 'booking.moved', 'booking.cancelled', 'booking.attendance')
    NOT NULL DEFAULT 'booking.created,booking.confirmed,booking.moved,booking.cancelled,booking.attendance',
  active TINYINT(1) NOT NULL DEFAULT 1,
  description VARCHAR(200) NOT NULL DEFAULT '',
  created_utc DATETIME NOT NULL,
  created_by INT UNSIGNED,
  -- Why the endpoint was turned off by the worker (410 Gone), else ''.
  disabled_reason VARCHAR(200) NOT NULL DEFAULT '',
  KEY ix_webhook_commune (commune_id, active),
  CONSTRAINT fk_webhook_commune FOREIGN KEY (commune_id) REFERENCES communes(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per event and endpoint, written by the triggers below in the
-- booking's own transaction, delivered by creneau-notify as ants_queue
-- (sql/014) is: 'pending' (due at next_try_utc) -> 'sending' (a lease:
-- claimed_by, claim_until) -> 'done' | 'failed', or back to 'pending' with
-- a back-off. A row goes only once the rows before it of the same endpoint
-- and booking are settled, so a receiver sees a booking's events in order.
-- The columns a claim and an outcome change are fixed-width and never
-- NULL (sql/010): InnoDB overwrites them in place. No foreign key to
-- bookings: the payload is a snapshot, and the log outlives a booking.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  webhook_id BIGINT UNSIGNED NOT NULL,
  booking_id BIGINT UNSIGNED NOT NULL,
  event ENUM('booking.created', 'booking.confirmed', 'booking.moved', 'booking.cancelled', 'booking.attendance') NOT NULL,
  payload TEXT NOT NULL,
  status ENUM('pending', 'sending', 'done', 'failed') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  next_try_utc DATETIME NOT NULL,
  claimed_by CHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  claim_until DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00',
  http_status SMALLINT NOT NULL DEFAULT 0,
  answer CHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  created_utc DATETIME NOT NULL,
  done_utc DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00',
  KEY ix_webhook_due (status, next_try_utc),
  KEY ix_webhook_pair (webhook_id, booking_id, id),
  KEY ix_webhook_log (webhook_id, id),
  CONSTRAINT fk_delivery_webhook FOREIGN KEY (webhook_id) REFERENCES webhooks(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The events, whoever changes a booking (the public pages, staff,
-- partners, closures, the worker's expiry): AFTER triggers, in the
-- booking's transaction, with no round trip from the programs (a trigger's
-- statements are not client statements: the confirmation's count in
-- tests/http/rules.test.mjs is unchanged). An UPDATE that touches none of
-- the columns below (a hold extended, the purge's anonymisation: contacts,
-- secret, anonymised_utc) emits nothing and reads nothing; without an
-- active endpoint on the platform a change costs one index probe.
--   INSERT                                   booking.created (and
--                                            booking.confirmed when the
--                                            booking is confirmed at once)
--   status becomes 'confirmed'               booking.confirmed
--   start_utc or device_id, while confirmed  booking.moved
--   status becomes 'cancelled' or 'expired'  booking.cancelled
--   attendance changes                       booking.attendance
-- The payload holds no personal data: no names, birth dates,
-- pre-application numbers, phone or email (README.md, "Webhooks").
DELIMITER //

CREATE OR REPLACE TRIGGER webhook_bookings_insert AFTER INSERT ON bookings FOR EACH ROW
BEGIN
  DECLARE evs VARCHAR(200) DEFAULT 'booking.created';
  DECLARE ev VARCHAR(40);
  DECLARE eid CHAR(36);
  IF EXISTS (SELECT 1 FROM webhooks WHERE active = 1) THEN
    IF NEW.status = 'confirmed' THEN
      SET evs = 'booking.created,booking.confirmed';
    END IF;
    WHILE evs <> '' DO
      SET ev = SUBSTRING_INDEX(evs, ',', 1);
      SET evs = IF(LOCATE(',', evs) > 0, SUBSTRING(evs, LOCATE(',', evs) + 1), '');
      SET eid = UUID();
      INSERT INTO webhook_deliveries (webhook_id, booking_id, event, payload, next_try_utc, created_utc)
      SELECT w.id, NEW.id, ev,
             JSON_OBJECT('id', eid, 'type', ev, 'created', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%dT%H:%i:%sZ'),
               'data', JSON_OBJECT('reference', NEW.ref, 'status', NEW.status, 'procedure', p.code,
                 'site_id', s.id, 'site', s.name, 'device_id', NEW.device_id,
                 'start', DATE_FORMAT(NEW.start_utc, '%Y-%m-%dT%H:%i:%sZ'),
                 'end', DATE_FORMAT(NEW.end_utc, '%Y-%m-%dT%H:%i:%sZ'),
                 'party_size', NEW.party_size, 'channel', NEW.channel, 'level', NEW.level,
                 'attendance', NEW.attendance, 'moved_count', NEW.moved_count)),
             UTC_TIMESTAMP(), UTC_TIMESTAMP()
        FROM devices d JOIN sites s ON s.id = d.site_id
        JOIN webhooks w ON w.commune_id = s.commune_id AND w.active = 1 AND FIND_IN_SET(ev, w.events) > 0
        JOIN procedures p ON p.id = NEW.procedure_id
       WHERE d.id = NEW.device_id;
    END WHILE;
  END IF;
END//

CREATE OR REPLACE TRIGGER webhook_bookings_update AFTER UPDATE ON bookings FOR EACH ROW
BEGIN
  DECLARE evs VARCHAR(200) DEFAULT '';
  DECLARE ev VARCHAR(40);
  DECLARE eid CHAR(36);
  IF NEW.status = 'confirmed' AND OLD.status <> 'confirmed' THEN
    SET evs = 'booking.confirmed';
  END IF;
  IF NEW.status = 'confirmed' AND OLD.status = 'confirmed'
     AND (NEW.start_utc <> OLD.start_utc OR NEW.device_id <> OLD.device_id) THEN
    SET evs = CONCAT_WS(',', NULLIF(evs, ''), 'booking.moved');
  END IF;
  IF NEW.status IN ('cancelled', 'expired') AND OLD.status <> NEW.status THEN
    SET evs = CONCAT_WS(',', NULLIF(evs, ''), 'booking.cancelled');
  END IF;
  IF NEW.attendance <> OLD.attendance THEN
    SET evs = CONCAT_WS(',', NULLIF(evs, ''), 'booking.attendance');
  END IF;
  IF evs <> '' AND EXISTS (SELECT 1 FROM webhooks WHERE active = 1) THEN
    WHILE evs <> '' DO
      SET ev = SUBSTRING_INDEX(evs, ',', 1);
      SET evs = IF(LOCATE(',', evs) > 0, SUBSTRING(evs, LOCATE(',', evs) + 1), '');
      SET eid = UUID();
      INSERT INTO webhook_deliveries (webhook_id, booking_id, event, payload, next_try_utc, created_utc)
      SELECT w.id, NEW.id, ev,
             JSON_OBJECT('id', eid, 'type', ev, 'created', DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%dT%H:%i:%sZ'),
               'data', JSON_OBJECT('reference', NEW.ref, 'status', NEW.status, 'procedure', p.code,
                 'site_id', s.id, 'site', s.name, 'device_id', NEW.device_id,
                 'start', DATE_FORMAT(NEW.start_utc, '%Y-%m-%dT%H:%i:%sZ'),
                 'end', DATE_FORMAT(NEW.end_utc, '%Y-%m-%dT%H:%i:%sZ'),
                 'party_size', NEW.party_size, 'channel', NEW.channel, 'level', NEW.level,
                 'attendance', NEW.attendance, 'moved_count', NEW.moved_count)),
             UTC_TIMESTAMP(), UTC_TIMESTAMP()
        FROM devices d JOIN sites s ON s.id = d.site_id
        JOIN webhooks w ON w.commune_id = s.commune_id AND w.active = 1 AND FIND_IN_SET(ev, w.events) > 0
        JOIN procedures p ON p.id = NEW.procedure_id
       WHERE d.id = NEW.device_id;
    END WHILE;
  END IF;
END//

DELIMITER ;
