-- Withdrawal and erasure (个人信息保护法 Art. 15, 47) and the retention policy: a worker may leave a
-- case that goes on for others, a worker's personal data may be erased everywhere it lives, and the
-- timeline, append-only, may only be redacted — never an entry removed.

-- A claimant who withdrew their part of a case that goes on for the other claimants: no longer
-- counted, asked or told (the case's own withdrawal, when they were its only claimant, is its status).
ALTER TABLE claimants ADD COLUMN withdrawn_at TEXT;
-- The claimant's personal data was erased: name, numbers (sealed, hash and masked), words and chat
-- are blank; the amounts stay as facts of the case.
ALTER TABLE claimants ADD COLUMN erased_at TEXT;

-- Whose evidence a file is (evidence.chat_id, added by 0013 for the evidence quota) also decides whose
-- erasure deletes it.

-- A claimant's leaving takes them off the ledger's worker count (the joining trigger of 0006 added them).
CREATE TRIGGER cases_workers_on_leave AFTER INSERT ON timeline WHEN NEW.event = 'claimant_withdrew'
BEGIN
    UPDATE cases SET workers = MAX(0, workers - COALESCE(json_extract(NEW.args, '$.workers.value'), 1))
    WHERE complaint_id = NEW.complaint_id;
END;

-- The timeline stays append-only, with one exception: a redaction, which blanks the free text of an
-- entry's arguments once (`redacted_at` set) and changes nothing else — not the event, its time, its
-- actor, nor the counts the ledger reads from it.
ALTER TABLE timeline ADD COLUMN redacted_at TEXT;
DROP TRIGGER timeline_no_update;
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline
WHEN NOT (
    OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
    AND NEW.id = OLD.id AND NEW.complaint_id = OLD.complaint_id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
    AND NEW.event = OLD.event AND NEW.message_id = OLD.message_id
    AND json_valid(NEW.args) AND length(NEW.args) <= length(OLD.args)
    AND json_extract(NEW.args, '$.workers') IS json_extract(OLD.args, '$.workers')
    AND json_extract(NEW.args, '$.amount') IS json_extract(OLD.args, '$.amount')
)
BEGIN
    SELECT RAISE(ABORT, 'timeline is append-only: an entry may only be redacted, once');
END;

-- An outbox row whose payload the retention purge (or an erasure) has cleared after it was sent.
ALTER TABLE outbox ADD COLUMN cleared_at TEXT;
CREATE INDEX outbox_uncleared ON outbox (id) WHERE cleared_at IS NULL AND state <> 'pending';

-- `/withdraw` and `/delete_my_data` ask before they act: the confirm buttons carry `p:<token>:<choice>`,
-- an opaque token of the question stored here (never a case id), checked against it on every press.
CREATE TABLE privacy_prompts (
    token        TEXT    PRIMARY KEY,
    chat_id      INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('withdraw', 'erase')),
    cases        TEXT    NOT NULL DEFAULT '[]',   -- JSON array of the complaint ids offered, in button order
    created_at   TEXT    NOT NULL,
    answered_at  TEXT
);
CREATE INDEX privacy_prompts_chat ON privacy_prompts (chat_id);
