-- bench/gen-data.sql — the benchmark data set, at the scale of a département.
--
-- Loaded by bench/run.sh into the bench stack's empty schema (migrations
-- applied, ref_communes loaded), in a few tens of seconds, with
-- INSERT … SELECT over the SEQUENCE engine (seq_0_to_N) only:
--
--   40 member communes (the 40 most populated of Haute-Savoie), 50 sites
--   (2 for the 10 largest communes: the 50 meeting points the ANTS hub's
--   scenario asks for), 104 capture devices (DR) offering the
--   four identity procedures;
--   weekday opening hours 08:30-12:00 and 13:30-17:30 (a third of the
--   devices also on Saturday morning), 15-minute slots, the first slot of
--   each half-day for urgent requests and 11:45 for extreme urgency, like
--   the demo;
--   the slots of @days_back past days (history, for the statistics) and of
--   the @horizon-day booking horizon, in UTC, from local wall times
--   (CONVERT_TZ with the named zone, as the application does);
--   @bookings confirmed appointments (plus @cancelled cancelled ones),
--   nearly full in the coming week and thinning out towards the end of the
--   horizon, with parties of 1 to 3 people: each takes
--   ceil(party x minutes / 15) back-to-back free regular slots of one
--   device, and the slots' booked counts are computed from them at the
--   end, so the counters, the booking_slots rows and the persons always
--   agree; every person has a distinct identity (name + birth date, and a
--   pre-application number), so person_locks holds one row per identity
--   and title of each appointment still to come.
--
-- The caller sets @days_back, @horizon, @bookings and @cancelled first.
-- Deterministic for a given date: every choice is a hash of the row.

SET NAMES utf8mb4;
SET SESSION sql_log_bin = 0;
SET SESSION unique_checks = 0;
SET SESSION foreign_key_checks = 0;
SET SESSION max_heap_table_size = 1024 * 1024 * 1024;

SET @today := DATE(CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', 'Europe/Paris'));
SET @first_day := @today - INTERVAL @days_back DAY;
SET @now := UTC_TIMESTAMP();

-- ------------------------------------------------------------ the places
INSERT INTO communes (id, insee, name, equipped, lat, lon, phone, email,
                      reminder_hours, horizon_days, min_notice_hours, cancel_limit_hours)
SELECT rk, insee, name, 1, lat, lon,
       CONCAT('04 50 ', LPAD(10 + rk, 2, '0'), ' 00 00'),
       CONCAT('etat-civil.', LOWER(insee), '@example.org'), 48, @horizon, 2, IF(rk % 3 = 0, 24, 0)
  FROM (SELECT insee, name, lat, lon, ROW_NUMBER() OVER (ORDER BY population DESC, insee) AS rk
          FROM ref_communes WHERE dept = '74' AND lat IS NOT NULL) c
 WHERE rk <= 40;

-- One site per commune, a second one for the 10 largest.
INSERT INTO sites (id, commune_id, name, address, postcode, city, lat, lon, access_info, active)
SELECT c.id + 40 * s.seq, c.id,
       IF(s.seq = 0, CONCAT('Hôtel de ville de ', c.name), CONCAT('Mairie annexe de ', c.name)),
       IF(s.seq = 0, 'Place de l''Hôtel de Ville', CONCAT(10 + c.id, ' avenue de la République')),
       LEFT(r.postcodes, 5), c.name, c.lat + 0.004 * s.seq, c.lon - 0.006 * s.seq,
       'Accès PMR de plain-pied.', 1
  FROM communes c JOIN ref_communes r ON r.insee = c.insee JOIN seq_0_to_1 s
 WHERE s.seq = 0 OR c.id <= 10;

-- 104 devices: two per site (100), a third one at the 4 busiest sites.
INSERT INTO devices (id, site_id, name, kind, active)
SELECT ROW_NUMBER() OVER (ORDER BY si.id, n.seq), si.id, CONCAT('DR ', n.seq + 1), 'dr', 1
  FROM sites si JOIN seq_0_to_2 n
 WHERE n.seq < 2 OR si.id <= 4;

INSERT INTO procedures (id, code, name_fr, name_en, minutes_per_person, needs_predemande,
                        lock_groups, documents_fr, documents_en, sort_order, max_party) VALUES
 (1, 'CNI', 'Carte nationale d''identité', 'National identity card', 15, 1, 'CNI',
  CONCAT_WS(CHAR(10), 'Numéro de pré-demande ANTS', '1 photo d''identité de moins de 6 mois',
            'Justificatif de domicile de moins d''un an', 'Ancienne carte d''identité (renouvellement)'),
  CONCAT_WS(CHAR(10), 'ANTS pre-application number', '1 identity photo less than 6 months old',
            'Proof of address less than one year old', 'Your old identity card (renewal)'), 10, 5),
 (2, 'PASSEPORT', 'Passeport', 'Passport', 15, 1, 'PASS',
  CONCAT_WS(CHAR(10), 'Numéro de pré-demande ANTS', '1 photo d''identité de moins de 6 mois',
            'Timbre fiscal', 'Justificatif de domicile de moins d''un an'),
  CONCAT_WS(CHAR(10), 'ANTS pre-application number', '1 identity photo less than 6 months old',
            'Tax stamp', 'Proof of address less than one year old'), 20, 5),
 (3, 'CNI_PASSEPORT', 'Carte d''identité et passeport', 'Identity card and passport', 20, 1, 'CNI,PASS',
  CONCAT_WS(CHAR(10), 'Numéro de pré-demande ANTS valable pour les deux titres',
            '1 photo d''identité de moins de 6 mois', 'Timbre fiscal du passeport'),
  CONCAT_WS(CHAR(10), 'ANTS pre-application number covering both documents',
            '1 identity photo less than 6 months old', 'Passport tax stamp'), 30, 5),
 (4, 'RETRAIT', 'Retrait d''une carte d''identité ou d''un passeport',
  'Collection of an identity card or passport', 5, 0, 'RETRAIT',
  CONCAT_WS(CHAR(10), 'Récépissé de dépôt de la demande', 'Ancien titre à restituer'),
  CONCAT_WS(CHAR(10), 'Receipt given when the application was filed', 'Your old document to hand back'), 40, 5);

INSERT INTO device_procedures (device_id, procedure_id)
SELECT d.id, p.id FROM devices d JOIN procedures p;

-- Weekly rules. kind: 'r' regular, 'u' urgent, 'x' extreme urgency.
CREATE TABLE bench_rule_shape (
  weekday_set CHAR(1) NOT NULL, start_time TIME NOT NULL, end_time TIME NOT NULL,
  cap_regular SMALLINT NOT NULL, cap_urgent SMALLINT NOT NULL, cap_extreme SMALLINT NOT NULL
) ENGINE=MEMORY;
INSERT INTO bench_rule_shape VALUES
 ('w', '08:30', '08:45', 0, 1, 0), ('w', '08:45', '11:45', 1, 0, 0), ('w', '11:45', '12:00', 0, 0, 1),
 ('w', '13:30', '13:45', 0, 1, 0), ('w', '13:45', '17:30', 1, 0, 0),
 ('s', '09:00', '12:00', 1, 0, 0);
INSERT INTO opening_rules (device_id, weekday, start_time, end_time, slot_minutes,
                           cap_regular, cap_urgent, cap_extreme)
SELECT d.id, wd.seq, r.start_time, r.end_time, 15, r.cap_regular, r.cap_urgent, r.cap_extreme
  FROM devices d JOIN seq_1_to_6 wd JOIN bench_rule_shape r
    ON (r.weekday_set = 'w' AND wd.seq <= 5) OR (r.weekday_set = 's' AND wd.seq = 6 AND d.id % 3 = 0)
 ORDER BY d.id, wd.seq, r.start_time;
DROP TABLE bench_rule_shape;

-- ------------------------------------------------------------- the slots
-- Every slot of every rule and day, with its place in its rule's run
-- (pos), kept in a work table to lay the bookings out.
CREATE TABLE bench_slot (
  device_id INT UNSIGNED NOT NULL,
  start_utc DATETIME NOT NULL,
  end_utc   DATETIME NOT NULL,
  day_off   SMALLINT NOT NULL,          -- days from today (negative: past)
  rule_id   INT UNSIGNED NOT NULL,
  pos       TINYINT UNSIGNED NOT NULL,
  nslots    TINYINT UNSIGNED NOT NULL,
  regular   TINYINT NOT NULL,
  cap_regular SMALLINT UNSIGNED NOT NULL, cap_urgent SMALLINT UNSIGNED NOT NULL,
  cap_extreme SMALLINT UNSIGNED NOT NULL,
  slot_id   BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (rule_id, day_off, pos) USING BTREE
) ENGINE=MEMORY;

-- Opening hours never straddle a daylight-saving change (2-3 am), so one
-- UTC offset per local day is enough.
SET @ndays := @days_back + @horizon;
CREATE TABLE bench_day (day_off SMALLINT NOT NULL PRIMARY KEY, day DATE NOT NULL,
                        weekday TINYINT NOT NULL, off_s INT NOT NULL) ENGINE=MEMORY;
INSERT INTO bench_day
SELECT CAST(seq AS SIGNED) - @days_back, @first_day + INTERVAL seq DAY,
       WEEKDAY(@first_day + INTERVAL seq DAY) + 1,
       TIMESTAMPDIFF(SECOND, CONVERT_TZ(TIMESTAMP(@first_day + INTERVAL seq DAY, '12:00'), 'Europe/Paris', '+00:00'),
                     TIMESTAMP(@first_day + INTERVAL seq DAY, '12:00'))
  FROM seq_0_to_1000 WHERE seq <= @ndays;

-- Each rule cut into its slots first (a few tens of thousands of rows),
-- then laid on the days of its weekday.
CREATE TABLE bench_rule_slot (
  rule_id INT UNSIGNED NOT NULL, device_id INT UNSIGNED NOT NULL, weekday TINYINT NOT NULL,
  pos TINYINT UNSIGNED NOT NULL, nslots TINYINT UNSIGNED NOT NULL, start_s INT NOT NULL, len_s INT NOT NULL,
  cap_regular SMALLINT UNSIGNED NOT NULL, cap_urgent SMALLINT UNSIGNED NOT NULL,
  cap_extreme SMALLINT UNSIGNED NOT NULL,
  KEY (weekday)
) ENGINE=MEMORY;
INSERT INTO bench_rule_slot
SELECT r.id, r.device_id, r.weekday, k.seq,
       TIME_TO_SEC(TIMEDIFF(r.end_time, r.start_time)) DIV (60 * r.slot_minutes),
       TIME_TO_SEC(r.start_time) + k.seq * r.slot_minutes * 60, r.slot_minutes * 60,
       r.cap_regular, r.cap_urgent, r.cap_extreme
  FROM opening_rules r JOIN seq_0_to_95 k
    ON k.seq < TIME_TO_SEC(TIMEDIFF(r.end_time, r.start_time)) DIV (60 * r.slot_minutes);

INSERT INTO bench_slot (slot_id, device_id, start_utc, end_utc, day_off, rule_id, pos, nslots, regular,
                        cap_regular, cap_urgent, cap_extreme)
SELECT ROW_NUMBER() OVER (ORDER BY x.device_id, x.st), x.device_id, x.st, x.st + INTERVAL x.len_s SECOND,
       x.day_off, x.rule_id, x.pos, x.nslots, x.cap_regular > 0, x.cap_regular, x.cap_urgent, x.cap_extreme
  FROM (SELECT rs.*, dd.day_off,
               TIMESTAMP(dd.day) + INTERVAL (rs.start_s - dd.off_s) SECOND AS st
          FROM bench_day dd STRAIGHT_JOIN bench_rule_slot rs ON rs.weekday = dd.weekday) x;
DROP TABLE bench_rule_slot;
DROP TABLE bench_day;

INSERT INTO slots (id, device_id, start_utc, end_utc, cap_regular, cap_urgent, cap_extreme)
SELECT slot_id, device_id, start_utc, end_utc, cap_regular, cap_urgent, cap_extreme
  FROM bench_slot ORDER BY slot_id;

-- ---------------------------------------------------------- the bookings
-- Each regular run (a half-day of one device) is cut into blocks of 1 to
-- 3 slots by one of 16 patterns; a block is a candidate appointment.
CREATE TABLE bench_pattern (pat TINYINT NOT NULL, pos TINYINT NOT NULL, len TINYINT NOT NULL,
                            PRIMARY KEY (pat, pos)) ENGINE=MEMORY;
INSERT INTO bench_pattern
WITH RECURSIVE p (pat, pos, len) AS (
  SELECT s.seq, 0, 1 + (CRC32(CONCAT(s.seq, ':0')) % 10 >= 7) + (CRC32(CONCAT(s.seq, ':0')) % 10 >= 9)
    FROM seq_0_to_15 s
  UNION ALL
  SELECT pat, pos + len,
         1 + (CRC32(CONCAT(pat, ':', pos + len)) % 10 >= 7) + (CRC32(CONCAT(pat, ':', pos + len)) % 10 >= 9)
    FROM p WHERE pos + len < 16
)
SELECT pat, pos, len FROM p;

-- Candidate blocks with a priority: the smaller the key, the likelier the
-- block is booked. Weights by distance in days: the history is about half
-- full, the coming week nearly full, the end of the horizon nearly empty
-- (the days the rush of bench/run.sh takes).
CREATE TABLE bench_block (
  id        INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id INT UNSIGNED NOT NULL,
  rule_id   INT UNSIGNED NOT NULL,
  day_off   SMALLINT NOT NULL,
  pos       TINYINT UNSIGNED NOT NULL,
  len       TINYINT UNSIGNED NOT NULL,
  h         INT UNSIGNED NOT NULL,
  prio      DOUBLE NOT NULL,
  KEY (prio)
) ENGINE=InnoDB;
INSERT INTO bench_block (device_id, rule_id, day_off, pos, len, h, prio)
SELECT b.device_id, b.rule_id, b.day_off, p.pos, p.len,
       CRC32(CONCAT_WS(':', b.rule_id, b.day_off, p.pos)) AS h,
       -LN((CRC32(CONCAT_WS('/', b.rule_id, b.day_off, p.pos)) + 1) / 4294967297)
         / CASE WHEN b.day_off < 0 THEN 0.5
                WHEN b.day_off <= 7 THEN 40
                WHEN b.day_off <= 21 THEN 6
                WHEN b.day_off <= 45 THEN 1.2
                WHEN b.day_off <= 70 THEN 0.35
                ELSE 0.03 END
  FROM bench_slot b
  JOIN bench_pattern p ON p.pat = CRC32(CONCAT_WS(':', b.rule_id, b.day_off)) % 16
   AND p.pos + p.len <= b.nslots
 WHERE b.regular AND b.pos = 0;

-- The chosen blocks: the @bookings + @cancelled smallest keys; the
-- @cancelled with the largest hash are cancelled (their places are free).
CREATE TABLE bench_pick (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  block_id INT UNSIGNED NOT NULL,
  cancelled TINYINT NOT NULL DEFAULT 0
) ENGINE=InnoDB;
SET @sql := CONCAT('INSERT INTO bench_pick (block_id) SELECT id FROM bench_block ORDER BY prio, id LIMIT ',
                   @bookings + @cancelled);
PREPARE pick FROM @sql;
EXECUTE pick;
DEALLOCATE PREPARE pick;
CREATE TABLE bench_rank (id INT UNSIGNED NOT NULL PRIMARY KEY, rk INT UNSIGNED NOT NULL) ENGINE=InnoDB;
INSERT INTO bench_rank
SELECT k.id, ROW_NUMBER() OVER (ORDER BY b.h DESC, k.id)
  FROM bench_pick k JOIN bench_block b ON b.id = k.block_id;
UPDATE bench_pick p JOIN bench_rank r ON r.id = p.id SET p.cancelled = 1 WHERE r.rk <= @cancelled;
DROP TABLE bench_rank;

-- What each appointment is: procedure and party from its length in slots
-- (ceil(party x minutes / 15) = len):
--   1 slot : CNI, passport or collection (RETRAIT: up to 3 people)
--   2 slots: CNI or passport for 2, CNI + passport for 1
--   3 slots: CNI or passport for 3, CNI + passport for 2
CREATE TABLE bench_plan (
  booking_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  block_id   INT UNSIGNED NOT NULL,
  device_id  INT UNSIGNED NOT NULL,
  rule_id    INT UNSIGNED NOT NULL,
  day_off    SMALLINT NOT NULL,
  pos        TINYINT UNSIGNED NOT NULL,
  len        TINYINT UNSIGNED NOT NULL,
  procedure_id INT UNSIGNED NOT NULL,
  party      TINYINT UNSIGNED NOT NULL,
  cancelled  TINYINT NOT NULL,
  h          INT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO bench_plan
SELECT k.id, b.id, b.device_id, b.rule_id, b.day_off, b.pos, b.len,
       CASE WHEN b.len > 1 THEN 1 + b.h % 3
            WHEN b.h % 20 < 9 THEN 1 WHEN b.h % 20 < 16 THEN 2 ELSE 4 END,
       CASE WHEN b.len = 1 AND (b.h % 20 >= 16) THEN 1 + (b.h DIV 20) % 3 * ((b.h DIV 60) % 4 = 0)
            WHEN b.len = 1 THEN 1
            WHEN b.h % 3 = 2 THEN b.len - 1
            ELSE b.len END,
       k.cancelled, b.h
  FROM bench_pick k JOIN bench_block b ON b.id = k.block_id;

-- References: 8 characters of the application's alphabet, a bijection of
-- the id (odd multiplier modulo 2^40), so they are unique.
SET @alpha := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
INSERT INTO bookings (id, ref, status, device_id, procedure_id, level, party_size, start_utc, end_utc,
                      channel, home_insee, contact_phone, contact_email, lang, secret,
                      hold_expires_utc, created_utc, confirmed_utc, cancelled_utc, cancelled_by)
SELECT x.booking_id,
       CONCAT(SUBSTRING(@alpha, 1 + (x.m >> 35) % 32, 1), SUBSTRING(@alpha, 1 + (x.m >> 30) % 32, 1),
              SUBSTRING(@alpha, 1 + (x.m >> 25) % 32, 1), SUBSTRING(@alpha, 1 + (x.m >> 20) % 32, 1),
              SUBSTRING(@alpha, 1 + (x.m >> 15) % 32, 1), SUBSTRING(@alpha, 1 + (x.m >> 10) % 32, 1),
              SUBSTRING(@alpha, 1 + (x.m >> 5) % 32, 1), SUBSTRING(@alpha, 1 + x.m % 32, 1)),
       IF(x.cancelled, 'cancelled', 'confirmed'), x.device_id, x.procedure_id, 'regular', x.party,
       s1.start_utc, s2.end_utc,
       ELT(1 + x.h % 10 DIV 8 + (x.h % 10 = 9), 'web', 'phone', 'counter'),
       c.insee,
       IF(x.h % 2 = 0, CONCAT('+336', LPAD(x.booking_id, 8, '0')), NULL),
       IF(x.h % 2 = 1 OR x.h % 5 = 0, CONCAT('p', x.booking_id, '@example.org'), NULL),
       IF(x.h % 17 = 0, 'en', 'fr'), MD5(CONCAT('bench-secret-', x.booking_id)), NULL,
       s1.start_utc - INTERVAL (2 + x.h % 40) DAY,
       s1.start_utc - INTERVAL (2 + x.h % 40) DAY + INTERVAL 3 MINUTE,
       IF(x.cancelled, LEAST(s1.start_utc - INTERVAL 1 DAY, @now), NULL),
       IF(x.cancelled, 'person', NULL)
  FROM (SELECT p.*, (p.booking_id * 1099511627 + 987654321) % 1099511627776 AS m FROM bench_plan p) x
  JOIN bench_slot s1 ON s1.rule_id = x.rule_id AND s1.day_off = x.day_off AND s1.pos = x.pos
  JOIN bench_slot s2 ON s2.rule_id = x.rule_id AND s2.day_off = x.day_off AND s2.pos = x.pos + x.len - 1
  JOIN devices d ON d.id = x.device_id JOIN sites si ON si.id = d.site_id
  JOIN communes c ON c.id = si.commune_id;

INSERT INTO booking_slots (booking_id, slot_id)
SELECT x.booking_id, s.slot_id
  FROM bench_plan x JOIN seq_0_to_2 k ON k.seq < x.len
  JOIN bench_slot s ON s.rule_id = x.rule_id AND s.day_off = x.day_off AND s.pos = x.pos + k.seq;

-- People: person number n = booking_id * 8 + position gives a distinct
-- (surname, first name, birth date) triple and a distinct pre-application
-- number, so the one-appointment-per-person rule holds by construction.
CREATE TABLE bench_name (kind CHAR(1) NOT NULL, i SMALLINT NOT NULL, name VARCHAR(40) NOT NULL,
                         PRIMARY KEY (kind, i)) ENGINE=MEMORY;
INSERT INTO bench_name
SELECT 'L', seq, JSON_UNQUOTE(JSON_EXTRACT(@ln, CONCAT('$[', seq, ']'))) FROM seq_0_to_100
  JOIN (SELECT @ln := '["Martin","Bernard","Thomas","Petit","Robert","Richard","Durand","Dubois","Moreau","Laurent","Simon","Michel","Lefebvre","Leroy","Roux","David","Bertrand","Morel","Fournier","Girard","Bonnet","Dupont","Lambert","Fontaine","Rousseau","Vincent","Muller","Lefevre","Faure","Andre","Mercier","Blanc","Guerin","Boyer","Garnier","Chevalier","Francois","Legrand","Gauthier","Garcia","Perrin","Robin","Clement","Morin","Nicolas","Henry","Roussel","Mathieu","Gautier","Masson","Marchand","Duval","Denis","Dumont","Marie","Lemaire","Noel","Meyer","Dufour","Meunier","Brun","Blanchard","Giraud","Joly","Riviere","Lucas","Brunet","Gaillard","Barbier","Arnaud","Martinez","Gerard","Roche","Renard","Schmitt","Roy","Leroux","Colin","Vidal","Caron","Picard","Roger","Fabre","Aubert","Lemoine","Renaud","Dumas","Lacroix","Olivier","Philippe","Bourgeois","Pierre","Benoit","Rey","Leclerc","Payet","Rolland","Leclercq","Guillaume","Lecomte","Lopez"]') v;
INSERT INTO bench_name
SELECT 'F', seq, JSON_UNQUOTE(JSON_EXTRACT(@fn, CONCAT('$[', seq, ']'))) FROM seq_0_to_102
  JOIN (SELECT @fn := '["Jean","Marie","Pierre","Nathalie","Michel","Isabelle","Philippe","Sylvie","Alain","Catherine","Patrick","Francoise","Nicolas","Sandrine","Christophe","Valerie","Daniel","Christine","Bernard","Stephanie","Eric","Sophie","Laurent","Celine","Frederic","Veronique","Thomas","Chantal","Julien","Nicole","Stephane","Anne","Pascal","Aurelie","David","Emilie","Sebastien","Julie","Olivier","Caroline","Jacques","Monique","Thierry","Camille","Romain","Laura","Jerome","Martine","Alexandre","Sarah","Claude","Virginie","Antoine","Pauline","Mathieu","Marion","Maxime","Lea","Vincent","Manon","Guillaume","Chloe","Kevin","Emma","Hugo","Jade","Lucas","Louise","Louis","Alice","Arthur","Lina","Gabriel","Rose","Jules","Anna","Adam","Mila","Raphael","Ines","Paul","Ambre","Noah","Julia","Ethan","Zoe","Leo","Juliette","Jean-Pierre","Marie-Claude","Jean-Luc","Anne-Sophie","Paul-Henri","Marie-Laure","Yves","Odile","Remi","Agnes","Bruno","Helene","Denis","Elise","Marc"]') v;

INSERT INTO booking_persons (booking_id, position, last_name, first_names, birth_date, predemande)
SELECT x.booking_id, k.seq + 1, ln.name, fn.name,
       DATE('1940-01-01') + INTERVAL ((x.n DIV 10403) * 523 + x.n % 101 * 7 + (x.n DIV 101) % 103 * 13) % 25000 DAY,
       IF(x.procedure_id = 4, NULL,
          CONCAT('B', SUBSTRING(@alpha, 1 + (x.m >> 40) % 32, 1), SUBSTRING(@alpha, 1 + (x.m >> 35) % 32, 1),
                 SUBSTRING(@alpha, 1 + (x.m >> 30) % 32, 1), SUBSTRING(@alpha, 1 + (x.m >> 25) % 32, 1),
                 SUBSTRING(@alpha, 1 + (x.m >> 20) % 32, 1), SUBSTRING(@alpha, 1 + (x.m >> 15) % 32, 1),
                 SUBSTRING(@alpha, 1 + (x.m >> 10) % 32, 1), SUBSTRING(@alpha, 1 + (x.m >> 5) % 32, 1),
                 SUBSTRING(@alpha, 1 + x.m % 32, 1)))
  FROM (SELECT p.booking_id, p.procedure_id, p.party, k0.seq AS pos0,
               p.booking_id * 8 + k0.seq AS n,
               ((p.booking_id * 8 + k0.seq) * 1099511627773 + 12345) % 35184372088832 AS m
          FROM bench_plan p JOIN seq_0_to_4 k0 ON k0.seq < p.party) x
  JOIN seq_0_to_4 k ON k.seq = x.pos0
  JOIN bench_name ln ON ln.kind = 'L' AND ln.i = x.n % 101
  JOIN bench_name fn ON fn.kind = 'F' AND fn.i = (x.n DIV 101) % 103;
DROP TABLE bench_name;

-- Locks of the appointments still to come (ended ones are as if purged):
-- "N:<folded surname> <folded first names>|<birth date>" and
-- "P:<pre-application number>" for each title the procedure covers.
INSERT INTO person_locks (lock_group, identity, booking_id, ends_utc)
SELECT g.grp, CONCAT('N:', LOWER(bp.last_name), ' ', REPLACE(LOWER(bp.first_names), '-', ' '), '|', bp.birth_date),
       b.id, b.end_utc
  FROM bookings b JOIN booking_persons bp ON bp.booking_id = b.id
  JOIN (SELECT 1 AS pid, 'CNI' AS grp UNION ALL SELECT 2, 'PASS' UNION ALL SELECT 3, 'CNI'
        UNION ALL SELECT 3, 'PASS' UNION ALL SELECT 4, 'RETRAIT') g ON g.pid = b.procedure_id
 WHERE b.status = 'confirmed' AND b.end_utc > @now
UNION ALL
SELECT g.grp, CONCAT('P:', bp.predemande), b.id, b.end_utc
  FROM bookings b JOIN booking_persons bp ON bp.booking_id = b.id AND bp.predemande IS NOT NULL
  JOIN (SELECT 1 AS pid, 'CNI' AS grp UNION ALL SELECT 2, 'PASS' UNION ALL SELECT 3, 'CNI'
        UNION ALL SELECT 3, 'PASS') g ON g.pid = b.procedure_id
 WHERE b.status = 'confirmed' AND b.end_utc > @now;

-- The reminders already sent, as in a département that has been running:
-- otherwise the notification worker would spend the first scenarios
-- sending some 3,000 reminders at once (IGNORE: it may have queued a few
-- already while the bookings were being written).
INSERT IGNORE INTO booking_reminders (booking_id, start_utc, queued_utc)
SELECT b.id, b.start_utc, @now
  FROM bookings b JOIN devices d ON d.id = b.device_id JOIN sites si ON si.id = d.site_id
  JOIN communes c ON c.id = si.commune_id
 WHERE b.status = 'confirmed' AND b.start_utc > @now
   AND b.start_utc <= @now + INTERVAL c.reminder_hours HOUR;

-- The counters, from the bookings that hold places.
UPDATE slots s JOIN (SELECT bs.slot_id, COUNT(*) AS n FROM booking_slots bs
                       JOIN bookings b ON b.id = bs.booking_id AND b.status IN ('held', 'confirmed')
                      GROUP BY bs.slot_id) x ON x.slot_id = s.id
   SET s.booked_regular = x.n;

DROP TABLE bench_plan, bench_pick, bench_block, bench_pattern, bench_slot;

SET SESSION unique_checks = 1;
SET SESSION foreign_key_checks = 1;
ANALYZE TABLE slots, bookings, booking_slots, booking_persons, person_locks, devices, sites, communes;
