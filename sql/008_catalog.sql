-- 008: the catalog's version (issue #6). Workers keep a copy of the
-- procedures, communes' windows, sites, devices, their procedures and
-- opening rules (cgi-bin/core/catalog.c); every change to those tables
-- bumps catalog_version.v, by triggers, so a change made by any program
-- or by hand reaches every worker at its next request.
CREATE TABLE IF NOT EXISTS catalog_version (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  v  BIGINT UNSIGNED NOT NULL,
  CONSTRAINT ck_catalog_one CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT IGNORE INTO catalog_version (id, v) VALUES (1, 1);

-- The free-slot index also holds each slot's end, so a run's length and
-- the free times of a day are read from the index alone.
ALTER TABLE slots DROP KEY IF EXISTS ix_slot_free,
  ADD KEY ix_slot_free (device_id, has_free_regular, start_utc, end_utc);

CREATE OR REPLACE TRIGGER catalog_procedures_insert AFTER INSERT ON procedures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_procedures_update AFTER UPDATE ON procedures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_procedures_delete AFTER DELETE ON procedures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_communes_insert AFTER INSERT ON communes FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_communes_update AFTER UPDATE ON communes FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_communes_delete AFTER DELETE ON communes FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_sites_insert AFTER INSERT ON sites FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_sites_update AFTER UPDATE ON sites FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_sites_delete AFTER DELETE ON sites FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_devices_insert AFTER INSERT ON devices FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_devices_update AFTER UPDATE ON devices FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_devices_delete AFTER DELETE ON devices FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_device_procedures_insert AFTER INSERT ON device_procedures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_device_procedures_update AFTER UPDATE ON device_procedures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_device_procedures_delete AFTER DELETE ON device_procedures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_opening_rules_insert AFTER INSERT ON opening_rules FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_opening_rules_update AFTER UPDATE ON opening_rules FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_opening_rules_delete AFTER DELETE ON opening_rules FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
