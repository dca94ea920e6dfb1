-- Every claimant is a person with their own amount and their own payment (条例 Art. 11, 31: wages are
-- paid to each worker personally). A case is closed (销账) only when every claimant with a chat has
-- confirmed full payment, or the office recorded why one cannot be reached.
ALTER TABLE claimants ADD COLUMN paid_fen INTEGER NOT NULL DEFAULT 0;   -- what the worker said arrived
ALTER TABLE claimants ADD COLUMN confirmed_at TEXT;                      -- the worker confirmed full payment
ALTER TABLE claimants ADD COLUMN unreachable TEXT;                       -- the office's record of the attempts
ALTER TABLE claimants ADD COLUMN crew INTEGER NOT NULL DEFAULT 0;        -- joined through the filer's crew link

-- Filers stored before claimants had chats are asked in the chat they filed from.
UPDATE claimants SET chat_id = (SELECT worker_chat_id FROM complaints WHERE complaints.id = claimants.complaint_id)
WHERE role = 'filer' AND chat_id IS NULL;

-- Cases closed under the old rule were confirmed by their filer for everyone.
UPDATE claimants SET confirmed_at = (SELECT updated_at FROM cases WHERE cases.complaint_id = claimants.complaint_id),
    paid_fen = amount_fen
WHERE complaint_id IN (SELECT complaint_id FROM cases WHERE status = 'closed');

-- The link a 班组长 passes to the crew: `/start j<code>` or `/join <code>` makes each member a claimant.
CREATE TABLE crew_links (
    code          TEXT    PRIMARY KEY,
    complaint_id  INTEGER NOT NULL UNIQUE REFERENCES complaints (id),
    created_at    TEXT    NOT NULL
);

-- Questions are put to each claimant's chat, so one per chat and trigger (was one per case and trigger).
CREATE TABLE followups_by_chat (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    token         TEXT    NOT NULL UNIQUE,
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    chat_id       INTEGER NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('payment', 'satisfaction', 'recheck')),
    trigger_id    INTEGER NOT NULL,
    state         TEXT    NOT NULL,
    answer        TEXT,
    amount_fen    INTEGER,
    words         TEXT,
    asked_at      TEXT    NOT NULL,
    reminded_at   TEXT,
    answered_at   TEXT,
    UNIQUE (complaint_id, kind, trigger_id, chat_id)
);
INSERT INTO followups_by_chat SELECT id, token, complaint_id, chat_id, kind, trigger_id, state, answer, amount_fen,
    words, asked_at, reminded_at, answered_at FROM followups;
DROP TABLE followups;
ALTER TABLE followups_by_chat RENAME TO followups;
CREATE INDEX followups_chat ON followups (chat_id, state);
CREATE INDEX followups_state ON followups (kind, state);
