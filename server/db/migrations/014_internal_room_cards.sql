-- The internal room and event cards (docs/ARCHITECTURE.md "Rooms and commands").

-- Each customer has two rooms: the shared one (customer users and staff) and the staff-only internal one. A line
-- belongs to exactly one; older lines are the shared room's.
ALTER TABLE room_messages ADD COLUMN room text NOT NULL DEFAULT 'customer' CHECK (room IN ('customer', 'internal'));
-- An event card: the line shows this alert (by its event number) in the seed's layout with its escalation notes.
ALTER TABLE room_messages ADD COLUMN card_number integer;
-- Listing one room newest first (and the card budget's count) reads this instead of the whole customer's lines.
CREATE INDEX room_messages_by_room ON room_messages (customer_id, room, id);

-- Which severities post their card into the customer's room when an alert opens (a transform may post others).
ALTER TABLE customers ADD COLUMN room_card_severities text[] NOT NULL DEFAULT ARRAY['critical', 'error']
  CHECK (room_card_severities <@ ARRAY['debug', 'info', 'warning', 'error', 'critical']);

-- At most so many cards per customer per minute (server/rooms/card-effect.ts): a burst of 2,000 criticals gets the
-- first ones and one line naming how many more, instead of 2,000 lines in a row. One row per customer, locked by the
-- ingest transaction that posts cards, so concurrent batches on several nodes share the budget.
CREATE TABLE room_card_budgets (
  customer_id  bigint PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  minute       timestamptz NOT NULL,
  carded       integer NOT NULL,
  -- the "… and N more alerts not carded" line was posted for this minute
  summarized   boolean NOT NULL
);
