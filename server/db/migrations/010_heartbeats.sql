-- Heartbeats: monitors that ping COSS every interval; silence past interval + grace raises a critical alert.
-- missed_at is set once the alert is raised (the alert first, then the mark, so a crash between them raises it again
-- through dedup instead of losing it) and cleared once a ping has resolved it.
CREATE TABLE heartbeats (
  id            bigserial PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
  source        text NOT NULL DEFAULT 'ping' CHECK (source IN ('ping', 'watchdog')),
  interval_ms   integer NOT NULL CHECK (interval_ms > 0),
  grace_ms      integer NOT NULL CHECK (grace_ms >= 0),
  last_ping_at  timestamptz,
  missed_at     timestamptz,
  alert_number  bigint,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (customer_id, name)
);

-- Work that one node of a cluster does at a time (the heartbeat check): a lease that lapses if its holder dies.
CREATE TABLE leases (
  name        text PRIMARY KEY,
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL
);

-- Zenoss's Suppressed event state: the alert is kept and shown, marked, and notifies nobody. A flag beside the
-- status, not a status: a suppressed alert is still open (or acknowledged) work, and Zenoss may lift the suppression.
ALTER TABLE alerts ADD COLUMN suppressed boolean NOT NULL DEFAULT false;
