-- Intake: dialogue state, the durable inbox and outbox, complaints with their claimants, evidence and
-- an append-only timeline. Times are RFC 3339 UTC text; money is integer fen.

CREATE TABLE dialogues (
    chat_id     INTEGER PRIMARY KEY,
    state       TEXT    NOT NULL,          -- JSON of intake::Dialogue
    updated_at  TEXT    NOT NULL
);

-- Every update is stored here before its offset is confirmed to Telegram. The payload is sealed
-- (it can carry phone numbers) and cleared once processed; the row stays so a re-delivery is a no-op.
CREATE TABLE inbox (
    update_id     INTEGER PRIMARY KEY,
    chat_id       INTEGER NOT NULL,
    payload       TEXT,
    received_at   TEXT    NOT NULL,
    processed_at  TEXT,
    error         TEXT
);
CREATE INDEX inbox_unprocessed ON inbox (update_id) WHERE processed_at IS NULL;

-- What the bot must send, written in the same transaction as the change that causes it.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id          INTEGER NOT NULL,
    payload          TEXT    NOT NULL,     -- JSON of bot::outgoing::Outgoing
    state            TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    sent_at          TEXT,
    last_error       TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at, id) WHERE state = 'pending';

CREATE TABLE complaints (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    case_number      TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL,
    lang             TEXT    NOT NULL,
    worker_chat_id   INTEGER NOT NULL,
    project_code     TEXT,
    county_code      TEXT    NOT NULL,     -- 000000 when the worker could not place the site
    township_code    TEXT,
    site             TEXT    NOT NULL,
    sector           TEXT    NOT NULL,
    employer_kind    TEXT    NOT NULL,
    employer         TEXT    NOT NULL,
    claim_kind       TEXT    NOT NULL,
    litigation       TEXT    NOT NULL,
    amount_fen       INTEGER NOT NULL CHECK (amount_fen > 0),
    amount_approx    INTEGER NOT NULL DEFAULT 0,
    period_start     TEXT    NOT NULL,     -- YYYY-MM
    period_end       TEXT    NOT NULL,
    workers          INTEGER NOT NULL CHECK (workers > 0),
    workers_approx   INTEGER NOT NULL DEFAULT 0,
    description      TEXT    NOT NULL,
    flags            TEXT    NOT NULL DEFAULT '[]',   -- JSON array of flag codes
    submitted_at     TEXT    NOT NULL,
    submitted_on     TEXT    NOT NULL      -- local date (Asia/Shanghai), YYYY-MM-DD
);
CREATE INDEX complaints_worker ON complaints (worker_chat_id);
CREATE INDEX complaints_county_day ON complaints (county_code, submitted_on);

-- Wages are owed to each worker personally (条例 Art. 11, 31): the filer is the first claimant.
CREATE TABLE claimants (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id   INTEGER NOT NULL REFERENCES complaints (id),
    role           TEXT    NOT NULL CHECK (role IN ('filer', 'member')),
    name           TEXT    NOT NULL,
    phone_sealed   TEXT    NOT NULL,
    phone_hash     TEXT    NOT NULL,
    phone_masked   TEXT    NOT NULL,
    id_sealed      TEXT,
    id_hash        TEXT,
    id_masked      TEXT,
    id_consent_at  TEXT,                   -- separate consent (个人信息保护法 Art. 29)
    amount_fen     INTEGER NOT NULL,
    consent_at     TEXT    NOT NULL
);
CREATE INDEX claimants_complaint ON claimants (complaint_id);
CREATE INDEX claimants_phone ON claimants (phone_hash);

CREATE TABLE evidence (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id    INTEGER NOT NULL REFERENCES complaints (id),
    kind            TEXT    NOT NULL,      -- photo, document, voice, video, audio
    file_id         TEXT    NOT NULL,
    file_unique_id  TEXT    NOT NULL,
    sha256          TEXT,                  -- NULL when the download failed; the file id still works
    stored_path     TEXT,
    size_bytes      INTEGER,
    received_at     TEXT    NOT NULL
);
CREATE INDEX evidence_complaint ON evidence (complaint_id);

CREATE TABLE timeline (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    at            TEXT    NOT NULL,
    actor         TEXT    NOT NULL,        -- worker, office:<id>, staff:<office>/<user>, system
    event         TEXT    NOT NULL,
    message_id    TEXT    NOT NULL,        -- locale id that renders the entry
    args          TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX timeline_complaint ON timeline (complaint_id, id);

CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline
BEGIN
    SELECT RAISE(ABORT, 'timeline is append-only');
END;
CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline
BEGIN
    SELECT RAISE(ABORT, 'timeline is append-only');
END;
