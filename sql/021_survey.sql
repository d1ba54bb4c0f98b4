-- 021: the satisfaction survey (core/survey.c), after the State's "Je donne
-- mon avis" form. creneau-notify invites, once, a share of the people whose
-- appointment was marked finished, some hours later; their answers feed the
-- public page /qualite (per site and quarter), the statistics and, for the
-- commune's administrators, a list of the free texts.

-- Per commune: the invitation goes survey_delay_hours after the end of the
-- appointment, to survey_share % of the finished appointments (0: none, the
-- default: a commune decides to survey its public and says so).
ALTER TABLE communes
  ADD COLUMN IF NOT EXISTS survey_delay_hours SMALLINT UNSIGNED NOT NULL DEFAULT 2,
  ADD COLUMN IF NOT EXISTS survey_share TINYINT UNSIGNED NOT NULL DEFAULT 0;

-- The worker's round reads the bookings finished in the last days.
ALTER TABLE bookings ADD INDEX IF NOT EXISTS ix_booking_finished (finished_utc);

-- The one-way marker on a booking: the draw was made (drawn: 1 when the
-- booking is surveyed, its invitation queued), and whether it was answered.
-- No date of the answer and nothing that points at the answer: the answers
-- below cannot be matched with a booking.
CREATE TABLE IF NOT EXISTS survey_invites (
  booking_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  commune_id  INT UNSIGNED NOT NULL,
  decided_utc DATETIME NOT NULL,
  drawn       TINYINT(1) NOT NULL,
  answered    TINYINT(1) NOT NULL DEFAULT 0,
  KEY ix_si_commune (commune_id, decided_utc),
  CONSTRAINT fk_si_booking FOREIGN KEY (booking_id) REFERENCES bookings(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One answer. A random key (no order of arrival), the local month of the
-- appointment (no day, no time), where and for what; never the booking,
-- the person or a contact. Scores: 1 satisfied, 2 middling, 3 not
-- satisfied; called: 1 had to call the town hall. The free text is for the
-- commune's administrators only, and purged after retention_survey_texts_months.
CREATE TABLE IF NOT EXISTS survey_answers (
  id           CHAR(32) NOT NULL PRIMARY KEY,
  commune_id   INT UNSIGNED NOT NULL,
  site_id      INT UNSIGNED NOT NULL,
  procedure_id INT UNSIGNED NOT NULL,
  month        DATE NOT NULL,
  overall      TINYINT UNSIGNED NOT NULL,
  ease         TINYINT UNSIGNED NOT NULL,
  clarity      TINYINT UNSIGNED NOT NULL,
  waiting      TINYINT UNSIGNED NOT NULL,
  called       TINYINT(1) NOT NULL,
  free_text    VARCHAR(1000),
  KEY ix_sa_site (site_id, month),
  KEY ix_sa_commune (commune_id, month),
  CONSTRAINT ck_sa_scores CHECK (overall BETWEEN 1 AND 3 AND ease BETWEEN 1 AND 3 AND clarity BETWEEN 1 AND 3
                                 AND waiting BETWEEN 1 AND 3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a commune declares it does in response, per quarter (published on
-- /qualite; written by its administrators on /agent/qualite, audited).
CREATE TABLE IF NOT EXISTS survey_actions (
  commune_id  INT UNSIGNED NOT NULL,
  year        SMALLINT UNSIGNED NOT NULL,
  quarter     TINYINT UNSIGNED NOT NULL,
  body        VARCHAR(2000) NOT NULL,
  updated_utc DATETIME NOT NULL,
  staff_id    BIGINT UNSIGNED,
  PRIMARY KEY (commune_id, year, quarter),
  CONSTRAINT fk_sac_commune FOREIGN KEY (commune_id) REFERENCES communes(id),
  CONSTRAINT ck_sac_quarter CHECK (quarter BETWEEN 1 AND 4)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
