-- 017: the appointment to collect a title (retrait), proposed when the
-- application is filed (#20). Each commune sets, per procedure, the
-- processing delay (instruction and manufacturing) after which the agenda
-- proposes the first free pickup time; the pickup booking names its filing.
CREATE TABLE IF NOT EXISTS pickup_delays (
  commune_id   INT UNSIGNED NOT NULL,
  procedure_id INT UNSIGNED NOT NULL,
  days         SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (commune_id, procedure_id),
  CONSTRAINT fk_pd_commune FOREIGN KEY (commune_id) REFERENCES communes(id),
  CONSTRAINT fk_pd_proc FOREIGN KEY (procedure_id) REFERENCES procedures(id),
  CONSTRAINT ck_pd_days CHECK (days BETWEEN 1 AND 180)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- pickup_for: the filing booking a pickup collects (no foreign key: the
-- retention and the test suites delete bookings in sets). pickup_active is
-- the same while the pickup is held or confirmed, NULL once it is
-- cancelled or expired: its unique key lets a filing have one active
-- pickup at most, and a new one after a cancellation.
ALTER TABLE bookings
  ADD COLUMN IF NOT EXISTS pickup_for BIGINT UNSIGNED NULL,
  ADD COLUMN IF NOT EXISTS pickup_active BIGINT UNSIGNED
    AS (IF(status IN ('held', 'confirmed'), pickup_for, NULL)) PERSISTENT,
  ADD UNIQUE KEY IF NOT EXISTS uq_pickup_active (pickup_active),
  ADD KEY IF NOT EXISTS ix_pickup_for (pickup_for);

-- The usual delays for the communes already equipped (the demo seeds its
-- own, sql/demo/010_demo.sql): 21 days for an identity card, 15 for a
-- passport, 21 for both.
INSERT IGNORE INTO pickup_delays (commune_id, procedure_id, days)
  SELECT c.id, p.id, CASE p.code WHEN 'PASSEPORT' THEN 15 ELSE 21 END
    FROM communes c JOIN procedures p ON p.code IN ('CNI', 'PASSEPORT', 'CNI_PASSEPORT')
   WHERE c.equipped = 1;
