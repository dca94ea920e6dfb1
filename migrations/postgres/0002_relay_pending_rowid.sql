-- SQLite's implicit rowid made explicit: the key rotation walks relay_pending (whose primary key is two
-- columns) by it, as on SQLite. Not a column of SQLite's schema: migrate-store's comparison skips it,
-- and copied rows get new values (nothing refers to them).
ALTER TABLE relay_pending ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
