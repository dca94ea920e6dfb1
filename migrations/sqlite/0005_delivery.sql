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
