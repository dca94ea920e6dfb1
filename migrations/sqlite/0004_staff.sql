-- The staff workspace: office groups linked by one-time codes, each case's topic or card in each
-- group that follows it, which group messages belong to which case (so replies find their case),
-- half-finished staff actions waiting for a typed reason, and case tags.

-- `wagedesk offices invite OFFICE` prints a code; `/link CODE` in a group uses it once.
-- Only the SHA-256 of the code is kept: a database copy does not let anyone link a group.
CREATE TABLE office_link_codes (
    code_hash   TEXT    PRIMARY KEY,
    office_id   TEXT    NOT NULL,
    issued_at   TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT,
    used_chat   INTEGER
);

-- Whether the linked chat is a forum (one topic per case) or a plain group (a card per case).
ALTER TABLE office_chats ADD COLUMN is_forum INTEGER NOT NULL DEFAULT 0;

-- Groups the bot is in, from `my_chat_member`; an unlinked one is left after a grace period.
CREATE TABLE bot_chats (
    chat_id     INTEGER PRIMARY KEY,
    status      TEXT    NOT NULL,
    joined_at   TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- Where a case lives in an office's group: the forum topic (thread) and the card message.
-- `role` is how that office relates to the case when the card was made (owner, co_handler,
-- supervisor, former); authorization never trusts it, it re-reads the case.
CREATE TABLE case_threads (
    complaint_id     INTEGER NOT NULL REFERENCES complaints (id),
    office_id        TEXT    NOT NULL,
    chat_id          INTEGER NOT NULL,
    thread_id        INTEGER,
    card_message_id  INTEGER,
    created_at       TEXT    NOT NULL,
    PRIMARY KEY (complaint_id, office_id)
);
CREATE INDEX case_threads_topic ON case_threads (chat_id, thread_id);

-- Every message of a case in a group (card, relayed worker messages, notifications), by its
-- Telegram message id: a staff reply to any of them reaches the case's worker.
CREATE TABLE case_messages (
    chat_id       INTEGER NOT NULL,
    message_id    INTEGER NOT NULL,
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    PRIMARY KEY (chat_id, message_id)
);

-- A staff action started with a button that needs typed words (a reason, an amount, a question
-- for the worker): the next message of that member in that group completes it.
CREATE TABLE staff_prompts (
    chat_id       INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    action        TEXT    NOT NULL,        -- JSON of staff::Pending
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);

-- Tags staff put on a case (suspected 工程款 claim, suspected false claim): a note, never a sanction.
CREATE TABLE case_tags (
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    tag           TEXT    NOT NULL,
    tagged_by     TEXT    NOT NULL,
    tagged_at     TEXT    NOT NULL,
    PRIMARY KEY (complaint_id, tag)
);

-- A worker's message that waits for them to say which of their open cases it is for.
CREATE TABLE relay_pending (
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    kind        TEXT    NOT NULL,          -- text, photo, document, voice, ...
    text        TEXT,                      -- sealed text or caption
    evidence    TEXT,                      -- JSON of the downloaded file, for media
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

-- Bumped on every change, so a button from an older card is recognised as stale.
ALTER TABLE cases ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
