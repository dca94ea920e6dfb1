-- The inbox is keyed by its own arrival order, not by Telegram's update_id: after a week without
-- updates Telegram starts the sequence again at a random (possibly lower) id, and a database moved to
-- another bot sees that bot's unrelated ids. A "run" is one stretch of a bot's sequence; the poller
-- starts a new one when ids go backwards. Within a run a re-delivered update is still a no-op.
CREATE TABLE inbox_by_seq (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    bot_id        INTEGER NOT NULL,        -- 0: stored before 0017; the first bot to poll adopts it
    run           INTEGER NOT NULL,        -- counts from 1 per bot
    update_id     INTEGER NOT NULL,
    chat_id       INTEGER NOT NULL,
    payload       TEXT,
    received_at   TEXT    NOT NULL,
    processed_at  TEXT,
    error         TEXT,
    UNIQUE (bot_id, run, update_id)
);

INSERT INTO inbox_by_seq (bot_id, run, update_id, chat_id, payload, received_at, processed_at, error)
SELECT 0, 1, update_id, chat_id, payload, received_at, processed_at, error FROM inbox ORDER BY update_id;

DROP TABLE inbox;
ALTER TABLE inbox_by_seq RENAME TO inbox;
CREATE INDEX inbox_unprocessed ON inbox (seq) WHERE processed_at IS NULL;
