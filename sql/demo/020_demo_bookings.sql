-- 020_demo_bookings.sql: about 40 confirmed demonstration bookings over the
-- next two weeks, on the DR devices of sql/demo/010_demo.sql.
--
-- Load AFTER 010_demo.sql and AFTER the slots exist (`creneau-admin
-- regen-slots`): every booking takes free regular places of existing future
-- slots (start between now + 2 hours and now + 14 days, UTC), so the file
-- works whatever the current date. The picks are deterministic for a given
-- set of slots: the bookings of each device are spread evenly over its free
-- runs of two back-to-back regular slots (a CNI+passport appointment, 20
-- minutes, or a party of two, 30 minutes, needs two 15-minute slots).
-- A booking that finds no room is skipped rather than forced.
--
-- Loading it again is a no-op: bookings whose ref already exists are
-- skipped. Everything runs in one transaction, and the CHECK constraints on
-- slots make the whole load fail rather than overbook.
--
-- Contacts use reserved fictional ranges only: +33 6 39 98 xx xx (ARCEP
-- numbers for fiction) and example.org/.com/.net addresses.

SET NAMES utf8mb4;
START TRANSACTION;

SET @now := UTC_TIMESTAMP();

-- One row per booking to create: device, procedure, party, channel, contact.
CREATE TEMPORARY TABLE demo_plan (
  seq          INT NOT NULL PRIMARY KEY,
  ref          CHAR(8) NOT NULL UNIQUE,
  device_id    INT UNSIGNED NOT NULL,
  proc_code    VARCHAR(20) NOT NULL,
  party_size   TINYINT UNSIGNED NOT NULL,
  channel      VARCHAR(10) NOT NULL,
  partner_commune_id INT UNSIGNED,
  home_insee   CHAR(5) NOT NULL,
  contact_phone VARCHAR(16),
  contact_email VARCHAR(254),
  days_ago     INT NOT NULL,
  minute_of_day INT NOT NULL
) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO demo_plan (seq, ref, device_id, proc_code, party_size, channel, partner_commune_id,
                       home_insee, contact_phone, contact_email, days_ago, minute_of_day) VALUES
(1, 'FS3GT5ZL', 1, 'CNI', 1, 'web', NULL, '74010', '+33639980101', 'claire.martin@example.org', 3, 0),
(2, 'UJWW4CQG', 1, 'PASSEPORT', 1, 'web', NULL, '74010', NULL, 'julien.bernard@example.com', 5, 37),
(3, 'PBGB2CSV', 1, 'CNI_PASSEPORT', 1, 'phone', NULL, '74213', '+33639980102', NULL, 2, 74),
(4, 'KB292GAA', 1, 'CNI', 2, 'web', NULL, '74242', '+33639980103', 'famille.dubois@example.net', 4, 111),
(5, '3ZBUSB4Z', 1, 'RETRAIT', 1, 'web', NULL, '74010', '+33639980104', NULL, 6, 148),
(6, '2GF5HW8E', 2, 'CNI', 1, 'web', NULL, '74112', '+33639980105', 's.garcia@example.org', 1, 185),
(7, 'KM7XZELS', 2, 'PASSEPORT', 1, 'counter', NULL, '74010', '+33639980106', NULL, 3, 222),
(8, '5ZXLBKLZ', 2, 'CNI', 1, 'partner', 7, '74123', '+33639980107', 'amandine.fournier@example.com', 2, 259),
(9, 'GPUHJNTS', 2, 'RETRAIT', 1, 'web', NULL, '74010', NULL, 'thomas.morel@example.net', 5, 296),
(10, 'NDRQN5V4', 2, 'CNI_PASSEPORT', 1, 'web', NULL, '74010', '+33639980108', 'e.girard@example.org', 4, 333),
(11, 'GGRAAWBP', 3, 'CNI', 1, 'web', NULL, '74010', '+33639980109', NULL, 2, 370),
(12, 'BB7TYJHZ', 3, 'PASSEPORT', 1, 'partner', 8, '74267', NULL, 'mercier.paul@example.com', 3, 407),
(13, '8BUGW3VG', 3, 'RETRAIT', 1, 'phone', NULL, '74161', '+33639980110', NULL, 1, 444),
(14, 'XRMFQYVV', 5, 'CNI', 1, 'web', NULL, '74281', '+33639980111', 'chloe.guerin@example.org', 2, 481),
(15, 'FXA8FGHP', 5, 'PASSEPORT', 2, 'web', NULL, '74281', '+33639980112', 'famille.muller@example.net', 5, 518),
(16, 'YTTRE86U', 5, 'CNI_PASSEPORT', 1, 'web', NULL, '74005', '+33639980113', NULL, 3, 555),
(17, 'BUWTZJW8', 5, 'RETRAIT', 1, 'counter', NULL, '74281', '+33639980114', NULL, 6, 592),
(18, '4F5GSTX7', 5, 'CNI', 1, 'partner', 10, '74119', '+33639980115', NULL, 4, 29),
(19, 'N2XDUX7V', 6, 'PASSEPORT', 1, 'web', NULL, '74218', '+33639980116', 'hugo.bonnet@example.com', 2, 66),
(20, 'SXH6WKJG', 6, 'CNI', 1, 'phone', NULL, '74263', '+33639980117', NULL, 1, 103),
(21, '35WPWQCT', 6, 'CNI_PASSEPORT', 1, 'web', NULL, '74281', NULL, 'l.rousseau@example.org', 5, 140),
(22, '469EEBFP', 6, 'RETRAIT', 1, 'web', NULL, '74200', '+33639980118', 'nathalie.vincent@example.net', 3, 177),
(23, 'J7L56QNN', 9, 'CNI', 1, 'web', NULL, '74012', '+33639980119', 'kevin.robin@example.com', 2, 214),
(24, 'TJ9VLE72', 9, 'PASSEPORT', 1, 'web', NULL, '74133', '+33639980120', NULL, 4, 251),
(25, 'Q7RZVUUD', 9, 'CNI_PASSEPORT', 1, 'partner', 9, '74220', '+33639980121', 'gautier.maxime@example.org', 3, 288),
(26, 'Q7EGVSU2', 9, 'RETRAIT', 1, 'web', NULL, '74305', '+33639980122', NULL, 6, 325),
(27, '3H3F9B3B', 9, 'CNI', 1, 'counter', NULL, '74012', '+33639980123', NULL, 1, 362),
(28, 'T7K2DCF9', 10, 'PASSEPORT', 1, 'web', NULL, '74298', '+33639980124', 'j.dumas@example.net', 5, 399),
(29, '7XC9UMC8', 10, 'CNI', 1, 'web', NULL, '74118', NULL, 'olivier.lemaire@example.com', 2, 436),
(30, 'HYZ9PEH9', 10, 'CNI_PASSEPORT', 1, 'phone', NULL, '74012', '+33639980125', NULL, 3, 473),
(31, '966WA2KN', 10, 'RETRAIT', 1, 'web', NULL, '74243', '+33639980126', 'baptiste.roy@example.org', 4, 510),
(32, 'CJ4S87Z9', 11, 'CNI', 1, 'web', NULL, '74081', '+33639980127', 'lucie.colin@example.net', 2, 547),
(33, 'PJF9HCYT', 11, 'PASSEPORT', 1, 'web', NULL, '74264', '+33639980128', NULL, 6, 584),
(34, 'EC4L29WH', 11, 'RETRAIT', 1, 'counter', NULL, '74169', '+33639980129', NULL, 1, 21),
(35, '2WNDY8RF', 12, 'CNI', 1, 'web', NULL, '74256', '+33639980130', 'maelle.picard@example.com', 3, 58),
(36, '2LD8MCCV', 12, 'CNI_PASSEPORT', 1, 'web', NULL, '74208', NULL, 'd.boyer@example.org', 5, 95),
(37, 'U3CB3J7B', 12, 'PASSEPORT', 1, 'phone', NULL, '74236', '+33639980131', NULL, 2, 132),
(38, 'YESVCZJQ', 13, 'CNI', 1, 'web', NULL, '74225', '+33639980132', 'yanis.brun@example.net', 4, 169),
(39, 'VDW6SHQW', 13, 'PASSEPORT', 1, 'web', NULL, '74255', '+33639980133', 'cecile.leroy@example.com', 2, 206),
(40, 'UKF8NWW3', 13, 'RETRAIT', 1, 'phone', NULL, '74225', '+33639980134', NULL, 5, 243);

-- The persons of each booking. The folded names (lower-case ASCII, accents
-- folded, every run of other characters one space, trimmed: the same rule
-- as text_fold() in cgi-bin/core/text.c) are computed below.
CREATE TEMPORARY TABLE demo_person (
  ref          CHAR(8) NOT NULL,
  position     TINYINT UNSIGNED NOT NULL,
  last_name    VARCHAR(100) NOT NULL,
  first_names  VARCHAR(150) NOT NULL,
  birth_date   DATE NOT NULL,
  predemande   CHAR(10),
  fold_last    VARCHAR(100),
  fold_first   VARCHAR(150),
  PRIMARY KEY (ref, position)
) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO demo_person (ref, position, last_name, first_names, birth_date, predemande) VALUES
('FS3GT5ZL', 1, 'Martin', 'Claire', '1984-03-12', 'L4ZPJU4OQI'),
('UJWW4CQG', 1, 'Bernard', 'Julien', '1979-11-02', 'BJKJZXBW75'),
('PBGB2CSV', 1, 'Lefèvre', 'Hélène', '1991-07-23', 'O50OLIKSW9'),
('KB292GAA', 1, 'Dubois', 'Camille', '1988-01-30', 'MPILOZ33IS'),
('KB292GAA', 2, 'Dubois', 'Léa', '2014-06-08', '1ZUPU2MY4D'),
('3ZBUSB4Z', 1, 'Petit', 'Nicolas', '1975-09-15', NULL),
('2GF5HW8E', 1, 'Garcia', 'Sophie', '1995-12-04', 'XFRQB8OMI2'),
('KM7XZELS', 1, 'Roux', 'Jean-Pierre', '1962-05-17', 'SLJYGPLMA6'),
('5ZXLBKLZ', 1, 'Fournier', 'Amandine', '2001-02-11', 'EU1M84P230'),
('GPUHJNTS', 1, 'Morel', 'Thomas', '1990-08-26', NULL),
('NDRQN5V4', 1, 'Girard', 'Émilie', '1986-04-09', 'P32J2JAH07'),
('GGRAAWBP', 1, 'André', 'Lucas', '2007-10-21', 'V2L1WNPZ7F'),
('BB7TYJHZ', 1, 'Mercier', 'Paul', '1958-03-03', 'D7M4UDXM90'),
('8BUGW3VG', 1, 'Blanc', 'Manon', '1999-01-14', NULL),
('XRMFQYVV', 1, 'Guérin', 'Chloé', '1993-06-19', 'LLSU3FU5TC'),
('FXA8FGHP', 1, 'Müller', 'Antoine', '1981-12-01', '0K7UXNZORE'),
('FXA8FGHP', 2, 'Müller', 'Inès', '2012-09-27', '6FZTMBODGI'),
('YTTRE86U', 1, 'Faure', 'Mathieu', '1977-02-28', 'GM3ZSMPIHD'),
('BUWTZJW8', 1, 'Chevalier', 'Anne-Sophie', '1969-08-08', NULL),
('4F5GSTX7', 1, 'Lambert', 'Océane', '2005-04-02', 'U4J934025T'),
('N2XDUX7V', 1, 'Bonnet', 'Hugo', '1997-03-25', 'V6OKDIAKEX'),
('SXH6WKJG', 1, 'François', 'Marie-Thérèse', '1948-11-30', 'Q607UDKCWJ'),
('35WPWQCT', 1, 'Rousseau', 'Louis', '1983-07-07', '0WBD7BZMSA'),
('469EEBFP', 1, 'Vincent', 'Nathalie', '1972-10-13', NULL),
('J7L56QNN', 1, 'Robin', 'Kévin', '1994-05-05', '7D5IB39JOA'),
('TJ9VLE72', 1, 'Henry', 'Sarah', '1989-02-16', '0P3Q523R00'),
('Q7RZVUUD', 1, 'Gautier', 'Maxime', '1980-12-24', 'LUJ35RO2LW'),
('Q7EGVSU2', 1, 'Perrin', 'Élodie', '1987-09-09', NULL),
('3H3F9B3B', 1, 'Masson', 'Raphaël', '2010-01-18', '88335ASBV4'),
('T7K2DCF9', 1, 'Dumas', 'Justine', '1996-11-11', '2JH8A5APC7'),
('7XC9UMC8', 1, 'Lemaire', 'Olivier', '1965-06-06', 'B0A352PYWQ'),
('HYZ9PEH9', 1, 'N''Diaye', 'Aïssatou', '1992-03-31', 'H6A1QJ91MO'),
('966WA2KN', 1, 'Roy', 'Baptiste', '1985-08-20', NULL),
('CJ4S87Z9', 1, 'Colin', 'Lucie', '2003-12-09', 'R8Q6M68AHU'),
('PJF9HCYT', 1, 'Da Silva', 'Ana', '1990-04-14', '6I4CJL487P'),
('EC4L29WH', 1, 'Arnaud', 'Pierre', '1956-07-01', NULL),
('2WNDY8RF', 1, 'Picard', 'Maëlle', '2008-02-22', 'Z451C333QS'),
('2LD8MCCV', 1, 'Boyer', 'Damien', '1978-10-05', 'E1JSQW9ERO'),
('U3CB3J7B', 1, 'Lacroix', 'Gaëlle', '1982-01-26', 'GMUA03YEUQ'),
('YESVCZJQ', 1, 'Brun', 'Yanis', '1998-09-03', '7FEZL1XQUO'),
('VDW6SHQW', 1, 'Leroy', 'Cécile', '1974-05-29', 'OVAGELJ178'),
('UKF8NWW3', 1, 'D''Aubigné', 'François-Xavier', '1960-02-14', NULL);

UPDATE demo_person SET
  fold_last = TRIM(REGEXP_REPLACE(
    REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(
    REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(
    REGEXP_REPLACE(LOWER(last_name),
      '[àáâãäå]', 'a'), 'æ', 'ae'), 'ç', 'c'), '[èéêë]', 'e'), '[ìíîï]', 'i'),
      'ñ', 'n'), '[òóôõöø]', 'o'), 'œ', 'oe'), '[ùúûü]', 'u'), '[ýÿ]', 'y'), 'ß', 'ss'),
    '[^a-z0-9]+', ' ')),
  fold_first = TRIM(REGEXP_REPLACE(
    REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(
    REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(REGEXP_REPLACE(
    REGEXP_REPLACE(LOWER(first_names),
      '[àáâãäå]', 'a'), 'æ', 'ae'), 'ç', 'c'), '[èéêë]', 'e'), '[ìíîï]', 'i'),
      'ñ', 'n'), '[òóôõöø]', 'o'), 'œ', 'oe'), '[ùúûü]', 'u'), '[ýÿ]', 'y'), 'ß', 'ss'),
    '[^a-z0-9]+', ' '));

-- Candidate runs: a free regular slot followed back to back by another free
-- regular slot of the same device, starting between now + 2 h and now + 14
-- days; numbered in time order per device.
CREATE TEMPORARY TABLE demo_cand ENGINE=MEMORY AS
SELECT s1.device_id, s1.id AS slot1, s2.id AS slot2,
       s1.start_utc, s1.end_utc AS end1, s2.end_utc AS end2,
       TIMESTAMPDIFF(MINUTE, s1.start_utc, s1.end_utc) AS slot_minutes,
       ROW_NUMBER() OVER (PARTITION BY s1.device_id ORDER BY s1.start_utc) AS pos,
       COUNT(*) OVER (PARTITION BY s1.device_id) AS n
  FROM slots s1
  JOIN slots s2 ON s2.device_id = s1.device_id AND s2.start_utc = s1.end_utc
  JOIN devices d ON d.id = s1.device_id AND d.kind = 'dr' AND d.active = 1
 WHERE s1.start_utc >= @now + INTERVAL 2 HOUR
   AND s1.start_utc <  @now + INTERVAL 14 DAY
   AND s1.booked_regular < s1.cap_regular
   AND s2.booked_regular < s2.cap_regular;

-- Plans not loaded yet, numbered per device (k of m).
CREATE TEMPORARY TABLE demo_rank ENGINE=MEMORY AS
SELECT p.*,
       ROW_NUMBER() OVER (PARTITION BY p.device_id ORDER BY p.seq) AS k,
       COUNT(*) OVER (PARTITION BY p.device_id) AS m
  FROM demo_plan p
 WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.ref = p.ref);

-- The k-th plan of a device takes candidate number floor(k * n / (m + 1)),
-- shifted by a per-device offset smaller than n / (m + 1): evenly spread,
-- never past n, and at least two candidates apart, so that two picked runs
-- never share a slot (needs n >= 2 (m + 1)).
CREATE TEMPORARY TABLE demo_pick ENGINE=MEMORY AS
SELECT r.seq, r.ref, r.device_id, pr.id AS procedure_id, r.party_size, r.channel,
       r.partner_commune_id, r.home_insee, r.contact_phone, r.contact_email,
       r.days_ago, r.minute_of_day, c.slot1, c.slot2, c.start_utc,
       CEILING(pr.minutes_per_person * r.party_size / c.slot_minutes) AS nslots,
       IF(CEILING(pr.minutes_per_person * r.party_size / c.slot_minutes) = 2, c.end2, c.end1) AS end_utc
  FROM demo_rank r
  JOIN procedures pr ON pr.code = r.proc_code
  JOIN device_procedures dp ON dp.device_id = r.device_id AND dp.procedure_id = pr.id
  JOIN demo_cand c ON c.device_id = r.device_id
                  AND c.n >= 2 * (r.m + 1)
                  AND c.pos = FLOOR(r.k * c.n / (r.m + 1)) + MOD(r.device_id * 7, FLOOR(c.n / (r.m + 1)))
 WHERE CEILING(pr.minutes_per_person * r.party_size / c.slot_minutes) BETWEEN 1 AND 2;

-- Bookings: confirmed, regular level, created a few days ago and confirmed
-- by code a few minutes later.
INSERT INTO bookings (ref, status, device_id, procedure_id, level, party_size, start_utc, end_utc,
                      channel, home_insee, partner_commune_id, contact_phone, contact_email, lang,
                      secret, hold_expires_utc, created_utc, confirmed_utc)
SELECT ref, 'confirmed', device_id, procedure_id, 'regular', party_size, start_utc, end_utc,
       channel, home_insee, partner_commune_id, contact_phone, contact_email, 'fr',
       MD5(CONCAT(RAND(), ref, @now)), NULL,
       DATE_SUB(@now, INTERVAL days_ago * 1440 + minute_of_day MINUTE),
       DATE_SUB(@now, INTERVAL days_ago * 1440 + minute_of_day - 3 MINUTE)
  FROM demo_pick
 ORDER BY seq;

INSERT INTO booking_slots (booking_id, slot_id)
SELECT b.id, p.slot1 FROM demo_pick p JOIN bookings b ON b.ref = p.ref;

INSERT INTO booking_slots (booking_id, slot_id)
SELECT b.id, p.slot2 FROM demo_pick p JOIN bookings b ON b.ref = p.ref WHERE p.nslots = 2;

-- Take the places (the CHECK constraints refuse any overbooking).
UPDATE slots s
  JOIN (SELECT bs.slot_id, COUNT(*) AS c
          FROM booking_slots bs
          JOIN bookings b ON b.id = bs.booking_id
          JOIN demo_pick p ON p.ref = b.ref
         GROUP BY bs.slot_id) x ON x.slot_id = s.id
   SET s.booked_regular = s.booked_regular + x.c;

INSERT INTO booking_persons (booking_id, position, last_name, first_names, birth_date, predemande)
SELECT b.id, pe.position, pe.last_name, pe.first_names, pe.birth_date, pe.predemande
  FROM demo_person pe
  JOIN bookings b ON b.ref = pe.ref
 WHERE b.ref IN (SELECT ref FROM demo_pick);

-- One-appointment-per-person locks: for every person and every lock group of
-- the procedure, the name identity and, when given, the pre-application one.
INSERT INTO person_locks (lock_group, identity, booking_id, ends_utc)
SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(pr.lock_groups, ',', g.n), ',', -1),
       CONCAT('N:', pe.fold_last, ' ', pe.fold_first, '|', DATE_FORMAT(pe.birth_date, '%Y-%m-%d')),
       b.id, b.end_utc
  FROM demo_person pe
  JOIN bookings b ON b.ref = pe.ref
  JOIN procedures pr ON pr.id = b.procedure_id
  JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) g
    ON g.n <= 1 + LENGTH(pr.lock_groups) - LENGTH(REPLACE(pr.lock_groups, ',', ''))
 WHERE b.ref IN (SELECT ref FROM demo_pick);

INSERT INTO person_locks (lock_group, identity, booking_id, ends_utc)
SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(pr.lock_groups, ',', g.n), ',', -1),
       CONCAT('P:', pe.predemande),
       b.id, b.end_utc
  FROM demo_person pe
  JOIN bookings b ON b.ref = pe.ref
  JOIN procedures pr ON pr.id = b.procedure_id
  JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) g
    ON g.n <= 1 + LENGTH(pr.lock_groups) - LENGTH(REPLACE(pr.lock_groups, ',', ''))
 WHERE pe.predemande IS NOT NULL
   AND b.ref IN (SELECT ref FROM demo_pick);

SELECT COUNT(*) AS demo_bookings_created, COALESCE(SUM(nslots), 0) AS slots_taken FROM demo_pick;

DROP TEMPORARY TABLE demo_pick;
DROP TEMPORARY TABLE demo_rank;
DROP TEMPORARY TABLE demo_cand;
DROP TEMPORARY TABLE demo_person;
DROP TEMPORARY TABLE demo_plan;

COMMIT;
