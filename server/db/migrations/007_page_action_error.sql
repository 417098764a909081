-- The last change PagerDuty did not take on a page's incident (acknowledge, resolve, escalate, reassign, note), so
-- the console can show it on the row and in the detail instead of letting "ack" suggest PagerDuty has it too.
-- Cleared when a later change to that incident goes through.
ALTER TABLE pages ADD COLUMN action_error text;
