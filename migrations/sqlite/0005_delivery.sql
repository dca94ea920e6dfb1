-- Delivery within Telegram's limits: replies to a worker who is in a dialogue go before queued
-- notifications; rows are read per chat in order; an office hears once that a worker cannot be reached.

-- 0: a reply in a live dialogue; 1: a notification. Lower goes first when the overall budget is short.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
CREATE INDEX outbox_pending_chat ON outbox (chat_id, id) WHERE state = 'pending';
CREATE INDEX outbox_pending_id ON outbox (id) WHERE state = 'pending';

-- A worker's chat refused our messages for good (blocked, deactivated, not found): the case's owning
-- office was told, once per case and chat.
CREATE TABLE unreachable_notices (
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    chat_id       INTEGER NOT NULL,
    error         TEXT    NOT NULL,
    noticed_at    TEXT    NOT NULL,
    PRIMARY KEY (complaint_id, chat_id)
);

-- Closing the loop (不解决不销账): the questions put to a worker after their case is resolved as paid
-- ("did the money arrive?"), after it closes ("are you satisfied?") and at the follow-up (回头看), and
-- their answers. One question per case, kind and the timeline entry that called for it, so a reopened
-- and again resolved case is asked again.
CREATE TABLE followups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    token         TEXT    NOT NULL UNIQUE,   -- opaque id in the buttons' data: c:<token>:<choice>
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    chat_id       INTEGER NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('payment', 'satisfaction', 'recheck')),
    trigger_id    INTEGER NOT NULL,          -- timeline entry: the resolution, or the confirmed payment
    state         TEXT    NOT NULL,          -- asked, reminded, unconfirmed, awaiting_amount, awaiting_words,
                                             -- answered, stale
    answer        TEXT,
    amount_fen    INTEGER,                   -- "partly": what the worker says arrived
    words         TEXT,                      -- the worker's own words on the satisfaction question
    asked_at      TEXT    NOT NULL,
    reminded_at   TEXT,
    answered_at   TEXT,
    UNIQUE (complaint_id, kind, trigger_id)
);
CREATE INDEX followups_chat ON followups (chat_id, state);
CREATE INDEX followups_state ON followups (kind, state);
