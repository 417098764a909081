-- When the person acted, for a line typed while the console was offline and sent when COSS was back: the audit keeps
-- both that moment and created_at (when COSS received it). NULL when the two are the same moment.
ALTER TABLE room_messages ADD COLUMN acted_at timestamptz;
