-- Harvest time per incident: who worked on which alert for how long, and the deliveries that tell Harvest.

-- The Harvest project and task each customer's time is logged against (`coss admin harvest set`).
CREATE TABLE harvest_projects (
  customer_id  bigint PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  project_id   bigint NOT NULL,
  task_id      bigint NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The Harvest user a COSS person logs time as (`coss admin harvest user`); staff without one track no time.
ALTER TABLE users ADD COLUMN harvest_user_id bigint;

-- One row per timer (one per alert and person: the unique index below is what keeps two nodes, or two clicks,
-- from starting two timers) or per logged duration (`.time log`, any number). COSS's own account of the time;
-- the Harvest entry it became is `harvest_entry_id` once Harvest has answered.
CREATE TABLE harvest_time_entries (
  id                bigserial PRIMARY KEY,
  alert_id          bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  customer_id       bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  user_id           bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('timer', 'log')),
  -- what the entry is logged against, fixed when it is made so a later mapping change does not move it
  harvest_user_id   bigint NOT NULL,
  project_id        bigint NOT NULL,
  task_id           bigint NOT NULL,
  spent_date        date NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')::date,
  notes             text,
  -- a timer: running since when; time of earlier runs in tracked_ms. A log: its duration in tracked_ms.
  running_since     timestamptz,
  tracked_ms        bigint NOT NULL DEFAULT 0,
  harvest_entry_id  bigint,
  -- the hours Harvest last reported for the entry (after a stop or a log), when known
  harvest_hours     numeric,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX harvest_time_entries_one_timer ON harvest_time_entries (alert_id, user_id) WHERE kind = 'timer';
CREATE INDEX harvest_time_entries_by_customer ON harvest_time_entries (customer_id, spent_date);

-- The outbox (server/delivery/): written in the same transaction as the acknowledge, assignment, resolve or
-- command; a worker delivers it to Harvest. A time entry's rows run in order (start before stop).
CREATE TABLE harvest_outbox (
  id               bigserial PRIMARY KEY,
  time_entry_id    bigint NOT NULL REFERENCES harvest_time_entries (id) ON DELETE CASCADE,
  operation        text NOT NULL CHECK (operation IN ('start', 'stop', 'log')),
  -- every request goes to one Harvest account: one pacing key
  pace_key         text NOT NULL DEFAULT 'harvest',
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  done_at          timestamptz
);
CREATE INDEX harvest_outbox_due ON harvest_outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX harvest_outbox_pending_by_entry ON harvest_outbox (time_entry_id, id) WHERE status = 'pending';

-- Pacing shared by every node: the next moment a request may go to Harvest.
CREATE TABLE harvest_pacing (
  pace_key         text PRIMARY KEY,
  next_allowed_at  timestamptz NOT NULL
);
