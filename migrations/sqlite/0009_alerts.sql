-- Emergencies and key cases wait for a person to acknowledge them: unacknowledged past `due_at` they
-- are repeated and taken one level up the supervisor chain (case::acknowledge).
CREATE TABLE alerts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    alert         TEXT    NOT NULL,            -- JSON of case::ImmediateAlert
    level         INTEGER NOT NULL DEFAULT 0,  -- 0: the owner and its supervisor; +1 per escalation
    repeats       INTEGER NOT NULL DEFAULT 0,
    raised_at     TEXT    NOT NULL,
    due_at        TEXT    NOT NULL,            -- acknowledge by
    acked_at      TEXT,
    acked_by      TEXT                         -- office and Telegram user id, never a name
);
CREATE INDEX alerts_due ON alerts (due_at) WHERE acked_at IS NULL;
