-- The web channel (issue 18): a worker without Telegram files from a mobile web page. A web worker
-- is a session whose chat id is 2^53 + its row id (core::channel): an id Telegram never uses, so the
-- dialogue, the claimant, follow-up questions and outbox rows key on it exactly as on a Telegram chat.

CREATE TABLE web_sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    cookie_hash   TEXT    NOT NULL UNIQUE,   -- SHA-256 of the session cookie; the cookie is never stored
    csrf          TEXT    NOT NULL,          -- the token the next form must carry (one-time)
    page          TEXT,                      -- sealed JSON: what the last turn said (post/redirect/get)
    created_at    TEXT    NOT NULL,
    seen_at       TEXT    NOT NULL
);

-- What would go to a Telegram chat goes here for a web chat (the store diverts outbox rows): the
-- worker's private status page reads it. Payloads sealed like the outbox's.
CREATE TABLE web_mail (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id       INTEGER NOT NULL,
    payload       TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX web_mail_chat ON web_mail (chat_id, id);

-- The private status link of a web worker's complaint: an unguessable token, stored hashed.
CREATE TABLE web_status_links (
    token_hash    TEXT    PRIMARY KEY,
    chat_id       INTEGER NOT NULL,
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    created_at    TEXT    NOT NULL
);
CREATE INDEX web_status_links_chat ON web_status_links (chat_id);

-- Form submissions already acted on, by their one-time token: a resubmitted form does nothing twice.
CREATE TABLE web_forms_used (
    token         TEXT    PRIMARY KEY,
    session_id    INTEGER NOT NULL,
    used_at       TEXT    NOT NULL
);

-- Where the complaint was filed: the office's card shows it.
ALTER TABLE complaints ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram' CHECK (channel IN ('telegram', 'web'));
