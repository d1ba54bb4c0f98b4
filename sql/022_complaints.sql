-- 022: the complaints register (core/complaint.c, issue #21 §2). A
-- commune records every complaint, whatever the channel: the public form
-- (web, confirmed by a one-time code sent to the contact), an email or a
-- paper letter typed in by an agent, the form filled in at the desk. Each
-- has a subject (the commune's categories), a status, an owner, a reply
-- deadline and its full history.

-- Per commune: the days within which a complaint is answered (the
-- commitment the commune announces, Services Publics+).
ALTER TABLE communes
  ADD COLUMN IF NOT EXISTS complaint_reply_days SMALLINT UNSIGNED NOT NULL DEFAULT 15;

CREATE TABLE IF NOT EXISTS complaint_subjects (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  commune_id  INT UNSIGNED NOT NULL,
  label       VARCHAR(100) NOT NULL,
  active      TINYINT(1) NOT NULL DEFAULT 1,
  UNIQUE KEY uq_cs_label (commune_id, label),
  CONSTRAINT fk_cs_commune FOREIGN KEY (commune_id) REFERENCES communes(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- status: pending_code (web only: the code not typed yet) -> recue ->
-- en_cours -> repondue -> close. The code is stored as an HMAC, as the
-- waiting list's. purged_utc: the person's data wiped (retention.c), the
-- row kept for the statistics.
CREATE TABLE IF NOT EXISTS complaints (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ref            CHAR(8) NOT NULL UNIQUE,
  commune_id     INT UNSIGNED NOT NULL,
  channel        ENUM('web','email','courrier','guichet') NOT NULL,
  subject_id     INT UNSIGNED,
  booking_ref    CHAR(8),
  status         ENUM('pending_code','recue','en_cours','repondue','close') NOT NULL,
  owner_id       BIGINT UNSIGNED,
  name           VARCHAR(150),
  contact_email  VARCHAR(254),
  contact_phone  VARCHAR(16),
  postal_address VARCHAR(400),
  body           TEXT,
  code_channel   ENUM('sms','email'),
  lang           CHAR(2) NOT NULL DEFAULT 'fr',
  secret         CHAR(32) NOT NULL,
  code_hash      CHAR(64),
  code_expires_utc DATETIME,
  code_attempts  TINYINT UNSIGNED NOT NULL DEFAULT 0,
  created_utc    DATETIME NOT NULL,
  received_utc   DATETIME,
  deadline_utc   DATETIME,
  answered_utc   DATETIME,
  closed_utc     DATETIME,
  purged_utc     DATETIME,
  KEY ix_complaints_list (commune_id, status, deadline_utc),
  KEY ix_complaints_received (received_utc, commune_id),
  KEY ix_complaints_closed (closed_utc),
  CONSTRAINT fk_complaints_commune FOREIGN KEY (commune_id) REFERENCES communes(id),
  CONSTRAINT fk_complaints_subject FOREIGN KEY (subject_id) REFERENCES complaint_subjects(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The history: each receipt, acknowledgement, status change, assignment,
-- subject change, reply and internal note, with who (NULL: the person, or
-- the platform) and when. A reply keeps how it went (email or letter).
CREATE TABLE IF NOT EXISTS complaint_events (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  complaint_id  BIGINT UNSIGNED NOT NULL,
  at_utc        DATETIME NOT NULL,
  staff_id      BIGINT UNSIGNED,
  kind          ENUM('received','ack','status','assigned','subject','reply','note') NOT NULL,
  from_status   VARCHAR(16),
  to_status     VARCHAR(16),
  reply_channel ENUM('email','courrier'),
  text          TEXT,
  KEY ix_ce_complaint (complaint_id, id),
  CONSTRAINT fk_ce_complaint FOREIGN KEY (complaint_id) REFERENCES complaints(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A few subjects for the demo communes that have none yet.
INSERT IGNORE INTO complaint_subjects (commune_id, label)
  SELECT c.id, s.label FROM communes c
  JOIN (SELECT 'Accueil' AS label UNION ALL SELECT 'Délai de rendez-vous' UNION ALL SELECT 'Site internet'
        UNION ALL SELECT 'Délai de réponse aux courriers et courriels') s
  WHERE c.equipped = 1 AND NOT EXISTS (SELECT 1 FROM complaint_subjects x WHERE x.commune_id = c.id);
