-- 010: a message's delivery bookkeeping is updated in place (issue #6).
-- A claim and a record change only these columns. When one of them
-- changed its stored size (NULL to a date, a longer string), InnoDB had
-- to rewrite the whole row, bodies included, and often reorganise its
-- page: about 9.5 KB of redo per update for rows of 1 to 5 KB, 40 KB per
-- booking for its code and its confirmation. Fixed-width, never NULL,
-- they are overwritten where they lie: about 270 bytes per update.
--   claimed_by, transport: '' until set.
--   claim_until: the end of the last lease; meaningful while 'sending'.
--   last_try_utc: meaningful once attempts > 0; sent_utc: once 'sent'.
--   provider_answer: printable ASCII (transport_clean_answer), at most
--   OUTBOX_ANSWER_LEN (core/outbox.h) characters.
-- The ALTER copies the table: on a large outbox, apply it in a quiet hour.
UPDATE outbox SET claimed_by = COALESCE(claimed_by, ''), transport = COALESCE(transport, ''),
  provider_answer = LEFT(COALESCE(provider_answer, ''), 255),
  claim_until = COALESCE(claim_until, '1970-01-01'), last_try_utc = COALESCE(last_try_utc, '1970-01-01'),
  sent_utc = COALESCE(sent_utc, '1970-01-01')
WHERE claimed_by IS NULL OR transport IS NULL OR provider_answer IS NULL OR CHAR_LENGTH(provider_answer) > 255
  OR claim_until IS NULL OR last_try_utc IS NULL OR sent_utc IS NULL;
ALTER TABLE outbox
  MODIFY COLUMN claimed_by CHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  MODIFY COLUMN transport CHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  MODIFY COLUMN provider_answer CHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  MODIFY COLUMN claim_until DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00',
  MODIFY COLUMN last_try_utc DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00',
  MODIFY COLUMN sent_utc DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00';
