-- A webhook delivery is stored once per signed event id, not only once per X-Webhook-Id: that header is outside
-- the signature, so a captured body replayed under fresh ids was stored (and processed) again and again.
-- Replays stored before this keep their rows but give up the event id, so the index can be built.
UPDATE pagerduty_webhooks w SET event_id = NULL
  WHERE EXISTS (
    SELECT 1 FROM pagerduty_webhooks first
    WHERE first.event_id = w.event_id AND (first.received_at, first.webhook_id) < (w.received_at, w.webhook_id)
  );
CREATE UNIQUE INDEX pagerduty_webhooks_event_id ON pagerduty_webhooks (event_id);
