-- PagerDuty back into COSS: what COSS last applied of each incident, so a change seen twice (a webhook and the
-- log-entry poll, or two deliveries with different ids) is applied and reported once.

CREATE TABLE pagerduty_incidents (
  incident_id           text PRIMARY KEY,
  incident_key          text,
  incident_number       integer,
  service_id            text,
  escalation_policy_id  text,
  -- triggered | acknowledged | resolved, and when PagerDuty changed it (occurred_at / created_at)
  status                text,
  status_at             timestamptz,
  -- "<level>|<policy>|<sorted user ids>" of the last applied escalation, reassignment or delegation
  assignment            text NOT NULL DEFAULT '',
  assigned_at           timestamptz,
  escalation_level      integer,
  priority              text,
  priority_at           timestamptz,
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- Notes already reported: webhooks carry the note id, log entries only its text and time.
CREATE TABLE pagerduty_incident_notes (
  incident_id   text NOT NULL,
  content_hash  text NOT NULL,
  at            timestamptz NOT NULL,
  PRIMARY KEY (incident_id, content_hash, at)
);

-- Work that must run on one node at a time (the log-entry poll): a lease that expires if its holder dies.
CREATE TABLE pagerduty_leases (
  name        text PRIMARY KEY,
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL
);

-- A delivery whose processing keeps failing is retried a few times, then recorded as failed.
ALTER TABLE pagerduty_webhooks ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE pagerduty_webhooks ADD COLUMN last_error text;
