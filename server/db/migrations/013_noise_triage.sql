-- Noise triage (docs/NOISE.md): what each event family of a customer was decided to be, the triage sessions that
-- decide it, their items and who took part. Transform ids are plain bigints: transforms keep their own versions and
-- audit (migration 012), and a family's record must outlive a transform being changed or removed.

-- An escalation-note rule may match an event family (shared/noise-family.ts) exactly: what triage writes.
ALTER TABLE note_rules ADD COLUMN family text;

CREATE TABLE triage_sessions (
  id                  bigserial PRIMARY KEY,
  customer_id         bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  started_by          text NOT NULL,
  started_at          timestamptz NOT NULL DEFAULT now(),
  -- the start of the report period its families were ranked over
  since               timestamptz NOT NULL,
  ended_by            text,
  ended_at            timestamptz,
  -- the summary the bot posted into the customer's room when it ended
  summary             text,
  summary_message_id  bigint REFERENCES room_messages (id) ON DELETE SET NULL
);
-- One open session per customer: a second start is refused (409) by this index, also across nodes.
CREATE UNIQUE INDEX triage_sessions_one_open ON triage_sessions (customer_id) WHERE ended_at IS NULL;
CREATE INDEX triage_sessions_by_customer ON triage_sessions (customer_id, id);

-- The families a session goes through, in report order, and what was decided for each.
CREATE TABLE triage_items (
  session_id              bigint NOT NULL REFERENCES triage_sessions (id) ON DELETE CASCADE,
  position                integer NOT NULL CHECK (position >= 1),
  family                  text NOT NULL,
  label                   text NOT NULL,
  -- the family's figures when the session took it
  occurrences             bigint NOT NULL,
  share                   double precision NOT NULL,
  decision                text CHECK (decision IN ('actionable', 'noise', 'skip')),
  decided_by              text,
  decided_at              timestamptz,
  tier_notes              text,
  device_notes            text,
  -- noise: the devices the suppression covers; null means every device of the family
  devices                 jsonb,
  -- the family's devices over the session's period when it took the family, most events first (at most 50): what
  -- "noise on these devices" offers, including devices whose alerts have all cleared
  seen_devices            jsonb NOT NULL DEFAULT '[]',
  note_rule_id            bigint REFERENCES note_rules (id) ON DELETE SET NULL,
  transform_id            bigint,
  auto_page_transform_id  bigint,
  PRIMARY KEY (session_id, position)
);

-- Who took part: who started it, decided, or wrote in the customer's room while it was open.
CREATE TABLE triage_participants (
  session_id  bigint NOT NULL REFERENCES triage_sessions (id) ON DELETE CASCADE,
  name        text NOT NULL,
  PRIMARY KEY (session_id, name)
);

-- A family's classification for its customer (the newest decision wins); no row means unclassified.
CREATE TABLE family_classifications (
  customer_id     bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  family          text NOT NULL,
  classification  text NOT NULL CHECK (classification IN ('actionable', 'noise')),
  classified_by   text NOT NULL,
  classified_at   timestamptz NOT NULL DEFAULT now(),
  session_id      bigint REFERENCES triage_sessions (id) ON DELETE SET NULL,
  note_rule_id    bigint REFERENCES note_rules (id) ON DELETE SET NULL,
  transform_id    bigint,
  PRIMARY KEY (customer_id, family)
);

-- The noise report asks, per alert of the period, whether a page exists for it.
CREATE INDEX pages_by_alert ON pages (alert_id) WHERE alert_id IS NOT NULL;
