-- Zendesk tickets: the per-customer Zendesk directory, the tickets COSS asked for, their delivery outbox (the
-- generic delivery outbox's columns, server/delivery/outbox-table.ts) with its pacing table, and the webhook
-- deliveries Zendesk sent back (their ids, so a replay is refused).

-- Where a customer's tickets go in Zendesk, and whom to call at the customer (written into every ticket).
CREATE TABLE zendesk_directory (
  customer_id      bigint PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  group_id         bigint,
  organization_id  bigint,
  requester_id     bigint,
  contacts         text NOT NULL DEFAULT '',
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- One ticket request. external_id is coss_<customer#>-<event#> (a further request on the same alert adds -2, -3…;
-- without an alert, coss_<customer#>-t<id>): the key a lost answer is looked up by before a resend.
CREATE TABLE zendesk_tickets (
  id                  bigserial PRIMARY KEY,
  customer_id         bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  alert_id            bigint REFERENCES alerts (id) ON DELETE SET NULL,
  external_id         text NOT NULL UNIQUE,
  priority            text NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  subject             text NOT NULL,
  -- queued → created (Zendesk answered with the ticket) or failed (Zendesk refused it, or retries ran out)
  delivery            text NOT NULL DEFAULT 'queued' CHECK (delivery IN ('queued', 'created', 'failed')),
  delivery_error      text,
  zendesk_id          bigint,
  -- Zendesk's status (new, open, pending, hold, solved, closed) as its webhooks last said
  status              text,
  requested_by        text NOT NULL,
  requested_by_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  request_message_id  bigint REFERENCES room_messages (id) ON DELETE SET NULL,
  room                text NOT NULL DEFAULT 'customer' CHECK (room IN ('customer', 'internal')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX zendesk_tickets_by_alert ON zendesk_tickets (alert_id) WHERE alert_id IS NOT NULL;
CREATE INDEX zendesk_tickets_by_zendesk_id ON zendesk_tickets (zendesk_id) WHERE zendesk_id IS NOT NULL;

-- The outbox: written in the transaction of the `.ticket` line; the worker creates the ticket in Zendesk.
CREATE TABLE zendesk_outbox (
  id               bigserial PRIMARY KEY,
  ticket_id        bigint NOT NULL REFERENCES zendesk_tickets (id) ON DELETE CASCADE,
  customer_id      bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  -- one Zendesk account: every create is paced on this one key
  pace_key         text NOT NULL DEFAULT 'zendesk',
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  done_at          timestamptz
);
CREATE INDEX zendesk_outbox_due ON zendesk_outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX zendesk_outbox_pending_by_ticket ON zendesk_outbox (ticket_id, id) WHERE status = 'pending';

CREATE TABLE zendesk_pacing (
  pace_key         text PRIMARY KEY,
  next_allowed_at  timestamptz NOT NULL
);

-- Webhook deliveries by the event's id: a replay (same id) is refused and changes nothing.
CREATE TABLE zendesk_webhooks (
  event_id     text PRIMARY KEY,
  event_type   text NOT NULL,
  zendesk_id   bigint,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- The tickets an alert carries on the wire (TicketRef[]), kept on the row so REST and the stream send them as they are.
ALTER TABLE alerts ADD COLUMN tickets jsonb;
