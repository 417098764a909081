-- Ops rooms, the paging directory, pages with their PagerDuty outbox, and PagerDuty's answers.

-- One room per customer: the room is the customer. Messages are append-only.
CREATE TABLE room_messages (
  id              bigserial PRIMARY KEY,
  customer_id     bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('human', 'bot', 'system')),
  author          text NOT NULL,
  author_user_id  bigint REFERENCES users (id) ON DELETE SET NULL,
  body            text NOT NULL,
  -- the parsed command of a human line, or what a bot line answers
  command         jsonb,
  reply_to        bigint REFERENCES room_messages (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX room_messages_by_customer ON room_messages (customer_id, created_at, id);

-- Paging targets: PagerDuty services by path (casc/int/systems, casc/romel, acme/oncall).
-- A target with a customer belongs to that customer's room only; one without is the NOC's, usable in any room.
CREATE TABLE paging_targets (
  id                    bigserial PRIMARY KEY,
  path                  text NOT NULL UNIQUE CHECK (path ~ '^[a-z0-9_-]+(/[a-z0-9_-]+){0,5}$'),
  name                  text NOT NULL,
  routing_key           text NOT NULL,
  service_id            text,
  escalation_policy_id  text,
  customer_id           bigint REFERENCES customers (id) ON DELETE CASCADE,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- A page: one request to page a target, about an alert or free text. Delivery state lives here.
CREATE TABLE pages (
  id                  bigserial PRIMARY KEY,
  customer_id         bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  alert_id            bigint REFERENCES alerts (id) ON DELETE SET NULL,
  target_id           bigint NOT NULL REFERENCES paging_targets (id),
  priority            text NOT NULL CHECK (priority IN ('normal', 'urgent', 'emergency')),
  dedup_key           text NOT NULL,
  message             text NOT NULL,
  requested_by        text NOT NULL,
  requested_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  request_message_id  bigint REFERENCES room_messages (id) ON DELETE SET NULL,
  delivery            text NOT NULL DEFAULT 'queued' CHECK (delivery IN ('queued', 'sent', 'failed')),
  delivery_error      text,
  attempts            integer NOT NULL DEFAULT 0,
  incident_id         text,
  incident_number     integer,
  incident_status     text,
  incident_assignees  jsonb NOT NULL DEFAULT '[]',
  -- the level COSS last escalated to (PagerDuty's incident does not expose it); `.escalate N` with no N goes one up
  escalation_level    integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  sent_at             timestamptz,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pages_by_dedup_key ON pages (dedup_key);
CREATE INDEX pages_by_incident ON pages (incident_id) WHERE incident_id IS NOT NULL;
CREATE INDEX pages_by_customer ON pages (customer_id, id);

-- The outbox: written in the same transaction as the page or action; a worker delivers it to PagerDuty.
CREATE TABLE pagerduty_outbox (
  id               bigserial PRIMARY KEY,
  page_id          bigint REFERENCES pages (id) ON DELETE CASCADE,
  customer_id      bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  operation        text NOT NULL,
  routing_key      text,
  payload          jsonb NOT NULL,
  actor            text NOT NULL,
  actor_email      text,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  done_at          timestamptz
);
CREATE INDEX pagerduty_outbox_due ON pagerduty_outbox (next_attempt_at, id) WHERE status = 'pending';
-- a page's rows run in order: the worker asks whether an earlier row of the same page is still pending
CREATE INDEX pagerduty_outbox_pending_by_page ON pagerduty_outbox (page_id, id) WHERE status = 'pending';

-- Pacing per routing key, shared by every node: the next moment an event may go to that key.
CREATE TABLE pagerduty_pacing (
  routing_key      text PRIMARY KEY,
  next_allowed_at  timestamptz NOT NULL
);

-- Webhook deliveries by X-Webhook-Id: the dedupe record and the durable queue of work done after the 2xx.
CREATE TABLE pagerduty_webhooks (
  webhook_id    text PRIMARY KEY,
  event_id      text,
  event_type    text NOT NULL,
  payload       jsonb NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  processed_at  timestamptz,
  outcome       text
);
CREATE INDEX pagerduty_webhooks_unprocessed ON pagerduty_webhooks (received_at) WHERE processed_at IS NULL;

-- Where the log-entry reconciliation poll got to.
CREATE TABLE pagerduty_cursor (
  name   text PRIMARY KEY,
  value  text NOT NULL
);
