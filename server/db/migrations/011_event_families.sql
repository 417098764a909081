-- Event families (shared/noise-family.ts says the rule and why): the noise report groups alerts by them, triage
-- decisions and transforms name them. A generated column, so every writer and every older row has it; the expression
-- is shared/noise-family.ts's familyOf in SQL (test/integration/event-families.test.ts holds them equal).
ALTER TABLE alerts ADD COLUMN family text NOT NULL GENERATED ALWAYS AS (
  CASE
    WHEN source IN ('alertmanager', 'prometheus')
      THEN 'prometheus|' || coalesce(labels ->> 'alertname', '') || '|' || coalesce(labels ->> 'job', '')
    ELSE 'event|' || event_class || '|' || component || '|' || (
      CASE
        WHEN translate(device, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') ~ '^[0-9]{1,3}(\.[0-9]{1,3}){3}$'
          OR strpos(device, ':') > 0
          THEN translate(device, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
        WHEN strpos(device, '.') = 0
          THEN regexp_replace(translate(device, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '[0-9]+', '#', 'g')
        ELSE regexp_replace(
            translate(substr(device, 1, strpos(device, '.') - 1), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
            '[0-9]+', '#', 'g')
          || translate(substr(device, strpos(device, '.')), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
      END)
  END
) STORED;

-- The noise report reads one customer's alerts over a period.
CREATE INDEX alerts_by_customer_last_seen ON alerts (customer_id, last_seen);
