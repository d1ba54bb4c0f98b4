-- 026_status.sql — the public service status (#22 §2): the state of each
-- component (set by the platform's technical staff, or automatically by the
-- notification worker from health checks), incidents with their updates
-- and scheduled maintenances (a public history of 90 days), and the email
-- notices' subscribers (double opt-in). A new staff role, 'technique'
-- (platform level, like the platform administrator: no commune).

ALTER TABLE staff MODIFY role ENUM('agent','commune_admin','partner','platform_admin','helpdesk','technique') NOT NULL;
ALTER TABLE staff DROP CONSTRAINT IF EXISTS ck_staff_scope;
ALTER TABLE staff ADD CONSTRAINT ck_staff_scope
  CHECK ((role IN ('platform_admin', 'helpdesk', 'technique')) = (commune_id IS NULL));

-- One row per component, in page order. manual_state wins over auto_state
-- until it is cleared (NULL); no state at all reads 'normal'.
CREATE TABLE IF NOT EXISTS status_components (
  code          VARCHAR(20) NOT NULL PRIMARY KEY,
  position      TINYINT     NOT NULL,
  manual_state  ENUM('normal','degraded','down') NULL,
  manual_by     BIGINT      NULL,
  manual_utc    DATETIME    NULL,
  auto_state    ENUM('normal','degraded','down') NULL,
  auto_reason   VARCHAR(40) NULL,
  auto_utc      DATETIME    NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO status_components (code, position) VALUES
  ('reservation', 1), ('personnel', 2), ('sms', 3), ('courriel', 4), ('ants', 5);

-- Bumped by every change of the tables below: each worker keeps a copy of
-- the status and reloads it when it sees another version (core/status.h).
CREATE TABLE IF NOT EXISTS status_version (
  id  TINYINT NOT NULL PRIMARY KEY,
  v   BIGINT  NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO status_version (id, v) VALUES (1, 1);

-- An incident (from its first update to 'resolved') or a scheduled
-- maintenance (its window [starts_utc, ends_utc)). components: the codes
-- it concerns, comma-separated.
CREATE TABLE IF NOT EXISTS status_events (
  id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          ENUM('incident','maintenance') NOT NULL,
  components    VARCHAR(100) NOT NULL,
  impact        ENUM('normal','degraded','down') NOT NULL DEFAULT 'degraded',
  starts_utc    DATETIME    NOT NULL,
  ends_utc      DATETIME    NULL,
  resolved_utc  DATETIME    NULL,
  cancelled_utc DATETIME    NULL,
  created_utc   DATETIME    NOT NULL,
  updated_utc   DATETIME    NOT NULL,
  KEY ix_status_events_open (kind, resolved_utc),
  KEY ix_status_events_updated (updated_utc)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Its updates, each with a short comment in French (required) and in
-- Dutch, German, English (optional: the page falls back to French).
CREATE TABLE IF NOT EXISTS status_updates (
  id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id     BIGINT      NOT NULL,
  phase        ENUM('investigating','identified','monitoring','resolved','scheduled','cancelled') NOT NULL,
  body_fr      VARCHAR(500) NOT NULL,
  body_nl      VARCHAR(500) NULL,
  body_de      VARCHAR(500) NULL,
  body_en      VARCHAR(500) NULL,
  staff_id     BIGINT      NULL,
  created_utc  DATETIME    NOT NULL,
  KEY ix_status_updates_event (event_id, created_utc),
  KEY ix_status_updates_created (created_utc)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- People who asked for the notices on /statut (personal data: an email).
-- token_hash: HMAC of the confirmation link's token; confirmed_utc NULL
-- until the link is followed (double opt-in), purged after a day then.
CREATE TABLE IF NOT EXISTS status_subscribers (
  id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email         VARCHAR(254) NOT NULL,
  grp           VARCHAR(20) NOT NULL DEFAULT 'public',
  lang          CHAR(2)     NOT NULL DEFAULT 'fr',
  token_hash    CHAR(64)    NOT NULL,
  confirmed_utc DATETIME    NULL,
  created_utc   DATETIME    NOT NULL,
  UNIQUE KEY ux_status_subscriber (email, grp),
  KEY ix_status_subscriber_token (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Staff members enrolled by their role who followed a notice's
-- unsubscribe link.
CREATE TABLE IF NOT EXISTS status_optouts (
  staff_id     BIGINT   NOT NULL PRIMARY KEY,
  created_utc  DATETIME NOT NULL
) ENGINE=InnoDB;
