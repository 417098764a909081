-- Maintenance windows. A window belongs to one customer and covers the alerts its scope matches (shared/maintenance.ts)
-- from starts_at to ends_at, or, with a weekly recurrence, at its local hours between the two (ends_at may then be
-- open). ended_at/ended_by: ended by someone before its time. announced_start/announced_end: the occurrence whose
-- start and end the room has been told of, so the one node that evaluates windows says each once, across restarts.
CREATE TABLE maintenance_windows (
  id               bigserial PRIMARY KEY,
  customer_id      bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  scope            jsonb NOT NULL DEFAULT '{}',
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz,
  recurrence       jsonb,
  reason           text NOT NULL,
  ticket           text,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  ended_at         timestamptz,
  ended_by         text,
  announced_start  timestamptz,
  announced_end    timestamptz,
  CHECK (ends_at IS NOT NULL OR recurrence IS NOT NULL),
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);

-- The windows that may be in force: not ended by anyone (the evaluator and ingest read only these).
CREATE INDEX maintenance_windows_open ON maintenance_windows (customer_id) WHERE ended_at IS NULL;

-- The mark an alert carries while a window or Zenoss's Maintenance production state covers it (MaintenanceMark, or
-- NULL): set at ingest and by the window evaluator, so REST and the stream send what was decided, not a guess.
ALTER TABLE alerts ADD COLUMN maintenance jsonb;
-- Zenoss's production state as a number (Production 1000 … Decommissioned -1); NULL for other sources.
ALTER TABLE alerts ADD COLUMN prod_state integer;

-- Whether alerts of devices in Zenoss's Test (400) and Decommissioned (-1) states may be paged without forcing.
ALTER TABLE customers ADD COLUMN page_test_devices boolean NOT NULL DEFAULT false;
