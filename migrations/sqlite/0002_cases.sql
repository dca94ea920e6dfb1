-- Cases: who owns each complaint and its legal clocks (首问负责制), the notifications they cause, the
-- clock alerts already sent, and the office groups notifications go to.

-- One case per complaint. `state` is the JSON of case::CaseState; the columns beside it are copies for
-- queries (the owner's queue, due dates) and are written with it.
CREATE TABLE cases (
    complaint_id       INTEGER PRIMARY KEY REFERENCES complaints (id),
    owner_office       TEXT    NOT NULL,
    first_office       TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    acceptance_due     TEXT    NOT NULL,
    investigation_due  TEXT,
    state              TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX cases_owner ON cases (owner_office, status);

-- Every notification a decision caused, kept whether or not it could be sent: an office without a
-- linked group still has it on record, and the outbox row (when there is a chat) points back here.
CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    recipient     TEXT    NOT NULL,        -- worker, office:<id>, supervisor:<id>
    message_id    TEXT    NOT NULL,
    args          TEXT    NOT NULL,        -- JSON of case::Args
    outbox_id     INTEGER REFERENCES outbox (id),
    created_at    TEXT    NOT NULL
);
CREATE INDEX notifications_complaint ON notifications (complaint_id);

-- A clock alert (pre-warning, or escalation for one day) is sent once: the scheduler records its key.
CREATE TABLE clock_alerts_sent (
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    alert_key     TEXT    NOT NULL,
    sent_at       TEXT    NOT NULL,
    PRIMARY KEY (complaint_id, alert_key)
);

-- The Telegram group (or any chat) where an office receives its notifications.
CREATE TABLE office_chats (
    office_id  TEXT    PRIMARY KEY,
    chat_id    INTEGER NOT NULL UNIQUE,
    linked_at  TEXT    NOT NULL
);

-- Duplicates (DESIGN §4.5): a complaint about the same employer in the same county joins the open
-- case; the employer is compared by a normalized key. Claimants who join keep their own chat, period
-- and words (wages are owed to each worker personally).
ALTER TABLE complaints ADD COLUMN employer_key TEXT NOT NULL DEFAULT '';
CREATE INDEX complaints_employer ON complaints (county_code, employer_key);
CREATE INDEX complaints_project ON complaints (project_code);
ALTER TABLE claimants ADD COLUMN chat_id INTEGER;
ALTER TABLE claimants ADD COLUMN period_start TEXT;
ALTER TABLE claimants ADD COLUMN period_end TEXT;
ALTER TABLE claimants ADD COLUMN description TEXT;
CREATE INDEX claimants_chat ON claimants (chat_id);
