-- Keys (issue 15): which key each running bot seals with, so `wagedesk keys rotate` knows when every
-- process has loaded a rotated keyring before it re-seals what the old key sealed.
CREATE TABLE key_holders (
    holder       TEXT    PRIMARY KEY,      -- host:pid of a running bot
    current_kid  TEXT    NOT NULL,         -- the key it seals with
    kids         TEXT    NOT NULL,         -- every key it can open, space-separated, current first
    seen_at      INTEGER NOT NULL          -- unix seconds by SQLite's clock, the same for every process
);

-- Evidence files are encrypted on disk, each under a key of its own, kept here sealed by the master
-- key (NULL for files stored in the clear by earlier versions). Who sent a file: the quota is per worker.
ALTER TABLE evidence ADD COLUMN file_key TEXT;
ALTER TABLE evidence ADD COLUMN chat_id INTEGER;
-- Files kept before this version are counted as the filer's (the sender was not recorded).
UPDATE evidence SET chat_id = (SELECT worker_chat_id FROM complaints WHERE complaints.id = evidence.complaint_id);
CREATE INDEX evidence_complaint_chat ON evidence (complaint_id, chat_id);
