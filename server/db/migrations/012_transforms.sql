-- Transforms (shared/transforms.ts, docs/TRANSFORMS.md): ordered rules that change events as they arrive. A NULL
-- customer_id is a global transform, run for every customer before the customer's own. A removed transform keeps its
-- row (removed_at) so alerts' suppressed_by and its versions still name it.
CREATE TABLE transforms (
  id           bigserial PRIMARY KEY,
  customer_id  bigint REFERENCES customers (id) ON DELETE CASCADE,
  position     integer NOT NULL CHECK (position >= 0),
  enabled      boolean NOT NULL DEFAULT true,
  name         text NOT NULL,
  match        jsonb NOT NULL,
  actions      jsonb NOT NULL,
  version      integer NOT NULL DEFAULT 1,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  removed_at   timestamptz
);

-- What ingest reads per request: the live transforms of one customer, and the global ones.
CREATE INDEX transforms_live ON transforms (customer_id, position, id) WHERE removed_at IS NULL;

-- Every change to a transform, with its whole definition after the change: who, when, why.
CREATE TABLE transform_versions (
  transform_id  bigint NOT NULL REFERENCES transforms (id) ON DELETE CASCADE,
  version       integer NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('created', 'changed', 'disabled', 'enabled', 'removed')),
  definition    jsonb NOT NULL,
  changed_by    text NOT NULL,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  why           text NOT NULL DEFAULT '',
  PRIMARY KEY (transform_id, version)
);

-- The transform that suppressed the alert (the first suppressing one in order), or NULL.
ALTER TABLE alerts ADD COLUMN suppressed_by bigint;
