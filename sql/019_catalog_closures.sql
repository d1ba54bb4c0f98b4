-- 019: closures, outages and absences are part of the catalog (core/catalog.c),
-- so that a site's page can say "fermé" of a day no device opens, and
-- "complet" of a day whose places are all taken. A change bumps the
-- catalog's version as the other catalog tables do (008).
CREATE OR REPLACE TRIGGER catalog_closures_insert AFTER INSERT ON closures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_closures_update AFTER UPDATE ON closures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
CREATE OR REPLACE TRIGGER catalog_closures_delete AFTER DELETE ON closures FOR EACH ROW UPDATE catalog_version SET v = v + 1 WHERE id = 1;
