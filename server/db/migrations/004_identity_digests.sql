-- Alert identities are indexed as SHA-256 digests, not as they are: a fingerprint holds the summary (Zenoss
-- identity with a blank event key), and an 8,000-character summary overflowed the btree's 2,704-byte row limit,
-- failing the whole shared ingest transaction. A digest is 32 bytes whatever the identity's length.
-- The columns are generated, so every writer and every existing row gets them. sha256() takes bytea, and the
-- only immutable text → bytea conversion is decode(…, 'escape') with backslashes doubled: the same bytes as
-- convert_to(…, 'UTF8') (which is only stable) in a UTF-8 database.
ALTER TABLE alerts ADD COLUMN fingerprint_digest bytea NOT NULL
  GENERATED ALWAYS AS (sha256(decode(replace(fingerprint, '\', '\\'), 'escape'))) STORED;
ALTER TABLE alerts ADD COLUMN clear_key_digest bytea NOT NULL
  GENERATED ALWAYS AS (sha256(decode(replace(clear_key, '\', '\\'), 'escape'))) STORED;

DROP INDEX alerts_active_fingerprint;
DROP INDEX alerts_active_clear_key;
-- One active alert per identity (ingest's ON CONFLICT names this index's columns and predicate).
CREATE UNIQUE INDEX alerts_active_fingerprint_digest ON alerts (customer_id, fingerprint_digest) WHERE status <> 'resolved';
CREATE INDEX alerts_active_clear_key_digest ON alerts (customer_id, clear_key_digest) WHERE status <> 'resolved';
