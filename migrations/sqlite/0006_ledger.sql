-- The ledger (台账): copies of each case's figures beside its state, so office statistics over a
-- million cases read one covering index instead of parsing JSON. `storage::cases` writes them with
-- every state (one function); a worker joining an open case adds to `claimed_fen` and `workers`
-- through the triggers below. Definitions of each figure: `src/ledger/mod.rs`.

ALTER TABLE cases ADD COLUMN submitted_on TEXT NOT NULL DEFAULT '';   -- local date, YYYY-MM-DD
ALTER TABLE cases ADD COLUMN accepted_on TEXT;
ALTER TABLE cases ADD COLUMN finished_on TEXT;       -- resolved (an outcome) or withdrawn; NULL while open
ALTER TABLE cases ADD COLUMN clock_due TEXT;         -- due date of the running legal clock; NULL if none runs
ALTER TABLE cases ADD COLUMN closed_in_time INTEGER; -- 1 finished by its deadline, 0 late, NULL while open
ALTER TABLE cases ADD COLUMN outcome TEXT;           -- case::Outcome code
ALTER TABLE cases ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN claimed_fen INTEGER NOT NULL DEFAULT 0;   -- all claimants' amounts
ALTER TABLE cases ADD COLUMN paid_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN workers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN county_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN project_id TEXT;
ALTER TABLE cases ADD COLUMN government_invested INTEGER NOT NULL DEFAULT 0;

-- Offices co-handling a case (a copy of CaseState.co_handlers), for the co-handlers' own ledgers.
CREATE TABLE case_co_handlers (
    office_id     TEXT    NOT NULL,
    complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
    PRIMARY KEY (office_id, complaint_id)
) WITHOUT ROWID;

-- backfill:begin
UPDATE cases SET
    submitted_on = COALESCE(json_extract(state, '$.submitted_on'), ''),
    accepted_on = json_extract(state, '$.accepted_on'),
    finished_on = CASE WHEN status = 'withdrawn' THEN date(updated_at, '+8 hours')
                       ELSE json_extract(state, '$.resolved_on') END,
    clock_due = CASE
        WHEN status IN ('submitted', 'transferred') AND json_extract(state, '$.accepted_on') IS NULL
            THEN acceptance_due
        WHEN status IN ('accepted', 'handling', 'reopened', 'transferred') THEN investigation_due
        END,
    outcome = json_extract(state, '$.outcome.kind'),
    verified = (json_extract(state, '$.accepted_on') IS NOT NULL AND status <> 'withdrawn'
                AND COALESCE(json_extract(state, '$.outcome.kind'), '') NOT IN ('unfounded', 'not_wage_claim', 'merged')),
    claimed_fen = (SELECT COALESCE(SUM(amount_fen), 0) FROM claimants WHERE complaint_id = cases.complaint_id),
    workers = (SELECT workers FROM complaints WHERE id = cases.complaint_id)
        + (SELECT COALESCE(SUM(COALESCE(json_extract(args, '$.workers'), 1)), 0) FROM timeline
           WHERE complaint_id = cases.complaint_id AND event = 'claimant_joined'),
    county_code = (SELECT county_code FROM complaints WHERE id = cases.complaint_id),
    project_id = (SELECT project_code FROM complaints WHERE id = cases.complaint_id),
    government_invested = COALESCE((SELECT p.government_invested FROM complaints c JOIN projects p ON p.id = c.project_code
                                    WHERE c.id = cases.complaint_id), 0);
UPDATE cases SET
    closed_in_time = CASE WHEN finished_on IS NULL THEN NULL
                          WHEN finished_on <= COALESCE(investigation_due, acceptance_due) THEN 1 ELSE 0 END,
    paid_fen = CASE outcome WHEN 'paid_in_full' THEN claimed_fen
                            WHEN 'paid_in_part' THEN json_extract(state, '$.outcome.paid_fen')
                            WHEN 'advanced_from_deposit' THEN json_extract(state, '$.outcome.paid_fen')
                            ELSE 0 END;
INSERT OR IGNORE INTO case_co_handlers (office_id, complaint_id)
    SELECT j.value, k.complaint_id FROM cases k, json_each(k.state, '$.co_handlers') j;
-- backfill:end

-- An office's figures for a period come from this index alone (no table rows are read), already in
-- order for the split by government investment.
CREATE INDEX cases_ledger ON cases (owner_office, government_invested, submitted_on, workers, claimed_fen, verified,
    paid_fen, clock_due, finished_on, closed_in_time, status);
CREATE INDEX cases_overdue ON cases (owner_office, clock_due) WHERE clock_due IS NOT NULL;
CREATE INDEX cases_accepted ON cases (owner_office, accepted_on) WHERE accepted_on IS NOT NULL;
CREATE INDEX cases_finished ON cases (owner_office, finished_on) WHERE finished_on IS NOT NULL;
CREATE INDEX cases_first_office ON cases (first_office, owner_office);

-- A worker joining an open case (filing/join.rs) adds a claimant and a `claimant_joined` timeline
-- entry without rewriting the case; these keep the copies exact. (When a case is opened its claimant
-- comes before its row, so these find nothing and `storage::cases::insert` counts it.)
CREATE TRIGGER cases_claimed_on_join AFTER INSERT ON claimants
BEGIN
    UPDATE cases SET claimed_fen = claimed_fen + NEW.amount_fen WHERE complaint_id = NEW.complaint_id;
END;
CREATE TRIGGER cases_workers_on_join AFTER INSERT ON timeline WHEN NEW.event = 'claimant_joined'
BEGIN
    UPDATE cases SET workers = workers + COALESCE(json_extract(NEW.args, '$.workers'), 1)
    WHERE complaint_id = NEW.complaint_id;
END;

-- Each digest (daily, weekly, monthly) goes to a supervisor once per period.
CREATE TABLE digests_sent (
    office_id     TEXT NOT NULL,
    kind          TEXT NOT NULL,   -- daily, weekly, monthly
    period_start  TEXT NOT NULL,   -- first day the digest covers
    sent_at       TEXT NOT NULL,
    PRIMARY KEY (office_id, kind, period_start)
);
