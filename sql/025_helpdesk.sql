-- 025: the help desk (core/helpdesk.c, cgi-bin/agent_helpdesk.c,
-- cgi-bin/mailin.c) and the FAQ as data (core/faq.c, /faq). Every call,
-- email or desk question becomes a ticket; tickets are handled by the
-- platform's help-desk operators (first line) and by second-line groups
-- (per topic, the platform's or a commune's own); a resolved ticket can
-- grow a FAQ entry.

-- The help-desk operator: a platform-level role (no commune, as the
-- platform administrator).
ALTER TABLE staff MODIFY role ENUM('agent','commune_admin','partner','platform_admin','helpdesk') NOT NULL;
ALTER TABLE staff DROP CONSTRAINT IF EXISTS ck_staff_scope;
ALTER TABLE staff ADD CONSTRAINT ck_staff_scope CHECK ((role IN ('platform_admin', 'helpdesk')) = (commune_id IS NULL));

-- Topics (the platform administrator's list). code is stable (statistics).
CREATE TABLE IF NOT EXISTS hd_topics (
  id        INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code      VARCHAR(30)  NOT NULL UNIQUE,
  name      VARCHAR(120) NOT NULL,
  active    TINYINT(1)   NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO hd_topics (id, code, name) VALUES
  (1, 'technique', 'Technique (connexion, pages, messages)'),
  (2, 'planning', 'Planning et créneaux'),
  (3, 'etat_civil', 'État civil et titres'),
  (4, 'rendez_vous', 'Prise de rendez-vous'),
  (5, 'autre', 'Autre question');

-- Groups: line 1 (the platform's first line, topic NULL) or 2 (second
-- line for a topic: the platform's when commune_id is NULL, else the
-- commune's own, named by its administrators). Members: staff accounts.
CREATE TABLE IF NOT EXISTS hd_groups (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  line       TINYINT UNSIGNED NOT NULL,
  topic_id   INT UNSIGNED NULL,
  commune_id INT UNSIGNED NULL,
  name       VARCHAR(120) NOT NULL,
  -- one group per (line, topic, commune); 0 stands for NULL in the key
  topic_key   INT UNSIGNED AS (COALESCE(topic_id, 0)) PERSISTENT,
  commune_key INT UNSIGNED AS (COALESCE(commune_id, 0)) PERSISTENT,
  UNIQUE KEY uq_hd_group (line, topic_key, commune_key),
  CONSTRAINT fk_hd_group_topic FOREIGN KEY (topic_id) REFERENCES hd_topics (id),
  CONSTRAINT fk_hd_group_commune FOREIGN KEY (commune_id) REFERENCES communes (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO hd_groups (id, line, topic_id, commune_id, name) VALUES
  (1, 1, NULL, NULL, 'Première ligne'),
  (2, 2, 1, NULL, 'Deuxième ligne — technique'),
  (3, 2, 2, NULL, 'Deuxième ligne — planning'),
  (4, 2, 3, NULL, 'Deuxième ligne — état civil');

CREATE TABLE IF NOT EXISTS hd_group_members (
  group_id INT UNSIGNED NOT NULL,
  staff_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (group_id, staff_id),
  KEY ix_hd_member_staff (staff_id),
  CONSTRAINT fk_hd_member_group FOREIGN KEY (group_id) REFERENCES hd_groups (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A ticket. ref: HD-000123 (from the id). outcome: what was decided when
-- it was opened (closed_at_once, open, delegated). state: open, delegated,
-- waiting (for the caller: the SLA clock pauses), resolved, closed.
-- SLA, in the help desk's opening hours (core/hdclock.c): first_answer_bs
-- and resolution_bs are business seconds from creation minus the pauses,
-- recorded when they happen; paused_bs sums the closed pauses,
-- waiting_since_utc is the open one.
CREATE TABLE IF NOT EXISTS hd_tickets (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  channel          ENUM('phone','email','desk','form') NOT NULL,
  caller_type      ENUM('citizen','agent','partner','other') NOT NULL,
  caller_name      VARCHAR(120) NULL,
  caller_email     VARCHAR(254) NULL,
  topic_id         INT UNSIGNED NOT NULL,
  commune_id       INT UNSIGNED NULL,
  booking_ref      VARCHAR(12)  NULL,
  subject          VARCHAR(200) NOT NULL,
  body             TEXT NOT NULL,
  outcome          ENUM('closed_at_once','open','delegated') NOT NULL,
  state            ENUM('open','delegated','waiting','resolved','closed') NOT NULL,
  owner_id         INT UNSIGNED NULL,
  group_id         INT UNSIGNED NULL,
  opened_by        INT UNSIGNED NULL,     -- the staff member who wrote it down (or asked)
  created_utc      DATETIME NOT NULL,
  updated_utc      DATETIME NOT NULL,
  first_answer_utc DATETIME NULL,
  first_answer_bs  INT UNSIGNED NULL,
  resolved_utc     DATETIME NULL,
  resolution_bs    INT UNSIGNED NULL,
  closed_utc       DATETIME NULL,
  paused_bs        INT UNSIGNED NOT NULL DEFAULT 0,
  waiting_since_utc DATETIME NULL,
  KEY ix_hd_state (state, created_utc),
  KEY ix_hd_created (created_utc),
  KEY ix_hd_opened_by (opened_by),
  KEY ix_hd_group (group_id),
  CONSTRAINT fk_hd_ticket_topic FOREIGN KEY (topic_id) REFERENCES hd_topics (id),
  CONSTRAINT fk_hd_ticket_group FOREIGN KEY (group_id) REFERENCES hd_groups (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The history: kind created, note (internal = 1: staff only; 0: sent to
-- the caller through the outbox), incoming (the caller wrote), state,
-- assign (owner), delegate (group). staff_id NULL: the caller or the
-- mail gateway.
CREATE TABLE IF NOT EXISTS hd_events (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ticket_id  BIGINT UNSIGNED NOT NULL,
  at_utc     DATETIME NOT NULL,
  staff_id   INT UNSIGNED NULL,
  kind       ENUM('created','note','incoming','state','assign','delegate') NOT NULL,
  internal   TINYINT(1) NOT NULL DEFAULT 1,
  body       TEXT NULL,
  detail     VARCHAR(200) NULL,
  KEY ix_hd_event_ticket (ticket_id, id),
  CONSTRAINT fk_hd_event_ticket FOREIGN KEY (ticket_id) REFERENCES hd_tickets (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The FAQ, as data: today's entries of templates/faq.tpl (French and
-- English), then those drafted from resolved tickets and published by an
-- operator. yes/no: "did this answer your question?".
CREATE TABLE IF NOT EXISTS faq_entries (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  question      VARCHAR(300) NOT NULL,
  answer        TEXT NOT NULL,
  lang          ENUM('fr','en') NOT NULL DEFAULT 'fr',
  topic_id      INT UNSIGNED NULL,
  position      INT NOT NULL DEFAULT 1000,
  status        ENUM('draft','published') NOT NULL DEFAULT 'draft',
  ticket_id     BIGINT UNSIGNED NULL,
  created_by    INT UNSIGNED NULL,
  created_utc   DATETIME NOT NULL,
  published_utc DATETIME NULL,
  yes_count     INT UNSIGNED NOT NULL DEFAULT 0,
  no_count      INT UNSIGNED NOT NULL DEFAULT 0,
  KEY ix_faq_page (status, lang, position),
  CONSTRAINT fk_faq_topic FOREIGN KEY (topic_id) REFERENCES hd_topics (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO faq_entries (id, question, answer, lang, position, status, created_utc, published_utc) VALUES
  (1, 'Dans quelle mairie puis-je faire ma carte d''identité ou mon passeport ?', 'Dans n''importe quelle mairie équipée d''un dispositif de recueil, quel que soit votre domicile. La plateforme vous montre les plus proches et les plus tôt.', 'fr', 10, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (101, 'At which town hall can I apply for my national ID card or passport?', 'At any town hall with a biometric recording station, wherever you live. The platform shows you the nearest ones and those with the earliest slots.', 'en', 10, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (2, 'Que faire avant le rendez-vous ?', 'Faites si possible votre pré-demande en ligne sur le site de l''ANTS et notez son numéro : le rendez-vous est plus court. Rassemblez les pièces indiquées sur votre convocation.', 'fr', 20, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (102, 'What should I do before the appointment?', 'If possible, complete the ANTS online pre-application and note its number: the appointment will be shorter. Gather the documents listed on your appointment letter.', 'en', 20, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (3, 'Puis-je prendre plusieurs rendez-vous ?', 'Non : une personne ne peut avoir qu''un rendez-vous à venir par démarche sur toute la plateforme. Pour changer de jour ou de mairie, déplacez votre rendez-vous ; ainsi les créneaux restent disponibles pour tous.', 'fr', 30, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (103, 'Can I book several appointments?', 'No: a person can only have one upcoming appointment per procedure across the whole platform. To change the day or town hall, reschedule your appointment; this keeps slots available for everyone.', 'en', 30, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (4, 'Comment prendre rendez-vous pour ma famille ?', 'Indiquez le nombre de personnes (jusqu''à 5) : les créneaux réservés se suivent. Chaque personne, y compris un enfant mineur, doit être présente.', 'fr', 40, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (104, 'How do I book for my family?', 'Enter the number of people (up to 5): the slots booked are consecutive. Each person, including a child, must attend.', 'en', 40, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (5, 'Je n''ai pas reçu le code.', 'Vérifiez le numéro ou l''adresse saisis, puis demandez un nouveau code (3 envois par heure au plus). L''horaire reste réservé 10 minutes.', 'fr', 50, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (105, 'I have not received the code.', 'Check the number or address you entered, then request a new code (up to 3 per hour). The time stays held for 10 minutes.', 'en', 50, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (6, 'Comment annuler ou déplacer ?', 'Avec le lien reçu dans le message de confirmation, ou depuis « Gérer mon rendez-vous » avec votre référence.', 'fr', 60, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (106, 'How do I cancel or reschedule?', 'With the link in the confirmation message, or from “Manage my appointment” with your reference.', 'en', 60, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (7, 'Je n''ai pas internet.', 'Appelez ou rendez-vous dans votre mairie, même si elle n''est pas équipée : un agent prend le rendez-vous pour vous et vous remet la convocation.', 'fr', 70, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (107, 'I do not have internet access.', 'Call or visit your town hall, even if it is not equipped: a member of staff will book the appointment for you and give you the appointment letter.', 'en', 70, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (8, 'Mon titre expire bientôt et c''est urgent.', 'Contactez la mairie : des créneaux sont réservés aux urgences justifiées (voyage imminent, examen, raison médicale).', 'fr', 80, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  (108, 'My ID document expires soon and it is urgent.', 'Contact the town hall: some slots are reserved for genuine emergencies (imminent travel, exams, medical reasons).', 'en', 80, 'published', UTC_TIMESTAMP(), UTC_TIMESTAMP());
