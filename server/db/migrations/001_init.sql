-- COSS schema: customers and people, alerts, the event log, escalation-note rules, idempotency.
-- Plain SQL that PostgreSQL and PGlite both run unchanged.

CREATE TABLE customers (
  id          bigserial PRIMARY KEY,
  number      integer NOT NULL UNIQUE CHECK (number > 0),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name        text NOT NULL,
  time_zone   text NOT NULL DEFAULT 'UTC',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id               bigserial PRIMARY KEY,
  name             text NOT NULL UNIQUE,
  display_name     text NOT NULL,
  role             text NOT NULL CHECK (role IN ('admin', 'operator', 'engineer', 'pm', 'customer')),
  customer_id      bigint REFERENCES customers (id) ON DELETE CASCADE,
  pagerduty_email  text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- a customer user is bound to exactly one customer; staff to none
  CHECK ((role = 'customer') = (customer_id IS NOT NULL))
);

-- Secrets are stored as SHA-256 of a 256-bit random token: high entropy needs no slow hash.
CREATE TABLE api_tokens (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  prefix      text NOT NULL,
  label       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

CREATE TABLE ingest_keys (
  id           bigserial PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  key_hash     text NOT NULL UNIQUE,
  prefix       text NOT NULL,
  label        text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

-- Event numbers are deployment-wide, like Zenoss's, so "32962" names one alert across all customers.
CREATE SEQUENCE alert_number_seq START 10000;

CREATE TABLE alerts (
  id               bigserial PRIMARY KEY,
  customer_id      bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  number           bigint NOT NULL UNIQUE DEFAULT nextval('alert_number_seq'),
  source           text NOT NULL,
  fingerprint      text NOT NULL,
  clear_key        text NOT NULL,
  device           text NOT NULL,
  ip               text,
  component        text NOT NULL,
  event_class      text NOT NULL,
  event_key        text NOT NULL,
  severity         text NOT NULL,
  summary          text NOT NULL,
  message          text NOT NULL,
  count            integer NOT NULL,
  first_seen       timestamptz NOT NULL,
  last_seen        timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  acknowledged_by  text,
  assignee         text,
  resolved_at      timestamptz,
  device_groups    jsonb NOT NULL DEFAULT '[]',
  systems          jsonb NOT NULL DEFAULT '[]',
  location         text,
  labels           jsonb NOT NULL DEFAULT '{}',
  annotations      jsonb NOT NULL DEFAULT '{}',
  external_id      text,
  generator_url    text,
  tier_notes       text NOT NULL DEFAULT '',
  device_notes     text NOT NULL DEFAULT '',
  note_rule_ids    jsonb NOT NULL DEFAULT '[]',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- One active alert per fingerprint: repeats update it. Resolved alerts drop out of the index.
CREATE UNIQUE INDEX alerts_active_fingerprint ON alerts (customer_id, fingerprint) WHERE status <> 'resolved';
CREATE INDEX alerts_active_clear_key ON alerts (customer_id, clear_key) WHERE status <> 'resolved';
CREATE INDEX alerts_by_customer ON alerts (customer_id, status, last_seen DESC);

CREATE TABLE alert_comments (
  id          bigserial PRIMARY KEY,
  alert_id    bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  author      text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_comments_by_alert ON alert_comments (alert_id, id);

-- The event log: every state change, in commit order. seq is assigned under an advisory lock held to commit,
-- so a reader that has seen seq N has seen every committed seq below it (resume-by-seq relies on this).
CREATE SEQUENCE event_seq;
CREATE TABLE events (
  seq          bigint PRIMARY KEY,
  customer_id  bigint REFERENCES customers (id) ON DELETE CASCADE,
  type         text NOT NULL,
  alert_id     bigint,
  actor        text,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_by_alert ON events (alert_id, seq) WHERE alert_id IS NOT NULL;
CREATE INDEX events_by_customer ON events (customer_id, seq);

-- Escalation-note rules: the runbook attached to matching alerts at ingest.
CREATE TABLE note_rules (
  id              bigserial PRIMARY KEY,
  customer_id     bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  name            text NOT NULL,
  position        integer NOT NULL DEFAULT 100,
  enabled         boolean NOT NULL DEFAULT true,
  device_glob     text,
  device_group    text,
  system          text,
  component       text,
  event_class     text,
  tier_notes      text NOT NULL DEFAULT '',
  device_notes    text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX note_rules_by_customer ON note_rules (customer_id, position, id);

-- Client idempotency keys: a replayed action returns the first answer and changes nothing.
CREATE TABLE idempotency_keys (
  principal   text NOT NULL,
  key         text NOT NULL,
  action      text NOT NULL,
  response    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
