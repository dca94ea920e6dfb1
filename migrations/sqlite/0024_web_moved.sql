-- "Connect Telegram" (issue 18): a web worker moved their cases' notifications to a Telegram chat by
-- opening the link on their status page. Their claimant rows, follow-up questions and evidence now
-- name the Telegram chat; the web chat's status pages say so and take no more answers, and its
-- mailbox keeps what was sent there before.
CREATE TABLE web_moved (
    web_chat       INTEGER PRIMARY KEY,
    telegram_chat  INTEGER NOT NULL,
    moved_at       TEXT    NOT NULL
);
