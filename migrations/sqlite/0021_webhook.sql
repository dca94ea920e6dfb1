-- Webhook mode: the secret Telegram sends with every webhook request (X-Telegram-Bot-Api-Secret-Token),
-- made once and sealed, so every start (and every replica on one database) sets and checks the same.
CREATE TABLE webhook_secret (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      TEXT    NOT NULL,   -- sealed
    created_at  TEXT    NOT NULL
);
