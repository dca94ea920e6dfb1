-- The ledger at a province's scale (issue 19 item 5): an office's summary reads sums kept per office and
-- day instead of aggregating its cases, and the export walks one covering index in its own order.
--
-- `ledger_totals` holds, per office, scope, government investment, day submitted and running clock's due
-- date, the sums `storage::ledger::summary` used to compute over the cases' ledger columns (0006, 0010).
-- Scopes: 0 the owner's cases (`owner_office`), 1 a co-handler's (`case_co_handlers`), 2 the cases an
-- office received first and another owns now (`first_office`, counted as transferred out).
--
-- What cannot be summed ahead is "overdue": it compares the clock's due date with *today*, which moves.
-- So the due date is part of the key (most cases have none: finished, or waiting for the worker), and
-- the summary counts the rows whose due date is before today; `clocked` tells a case without a running
-- clock (NULL) from any stored text, so nothing else changes meaning. The open figures need no date:
-- a case is open exactly while it has no finishing day.
--
-- The triggers below keep the sums exact in the same statement as every change of a case's ledger copy,
-- whichever code (or migration, or hand-written repair) makes it: `cases::save`, the claimants' recount,
-- the joining and leaving triggers of 0006 and 0014, a transfer, a co-handler added. One formula (the
-- `ledger_change` trigger) turns a case row into its contribution; the backfill states the same sums as
-- one aggregate, and the store's tests check that the two agree after a varied history.
CREATE TABLE ledger_totals (
    office_id            TEXT    NOT NULL,
    scope                INTEGER NOT NULL,   -- 0 owner, 1 co-handler, 2 transferred out (by first office)
    government_invested  INTEGER NOT NULL,
    submitted_on         TEXT    NOT NULL,
    clocked              INTEGER NOT NULL,   -- 1 while a legal clock runs (cases.clock_due IS NOT NULL)
    clock_due            TEXT    NOT NULL,   -- cases.clock_due, '' when none runs
    cases                INTEGER NOT NULL,
    workers              INTEGER NOT NULL,
    claimed_fen          INTEGER NOT NULL,
    verified_cases       INTEGER NOT NULL,
    verified_fen         INTEGER NOT NULL,   -- of verified cases only
    paid_fen             INTEGER NOT NULL,
    open                 INTEGER NOT NULL,   -- cases without a finishing day
    open_workers         INTEGER NOT NULL,
    open_claimed_fen     INTEGER NOT NULL,
    withdrawn            INTEGER NOT NULL,
    closed_in_time       INTEGER NOT NULL,
    PRIMARY KEY (office_id, scope, government_invested, submitted_on, clocked, clock_due)
) WITHOUT ROWID;

-- A case row's contribution to one office's sums, added (`sign` 1) or taken away (-1): the triggers
-- insert into this view, its trigger does the arithmetic. A line whose cases reach 0 is removed (every
-- sum of no cases is 0), so the table holds only lines with cases.
CREATE VIEW ledger_changes (office_id, scope, sign, government_invested, submitted_on, clock_due, workers,
    claimed_fen, verified, verified_fen, paid_fen, finished_on, status, closed_in_time) AS
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;

CREATE TRIGGER ledger_change INSTEAD OF INSERT ON ledger_changes
BEGIN
    INSERT INTO ledger_totals (office_id, scope, government_invested, submitted_on, clocked, clock_due, cases,
        workers, claimed_fen, verified_cases, verified_fen, paid_fen, open, open_workers, open_claimed_fen,
        withdrawn, closed_in_time)
    VALUES (NEW.office_id, NEW.scope, NEW.government_invested, NEW.submitted_on, NEW.clock_due IS NOT NULL,
        IFNULL(NEW.clock_due, ''), NEW.sign, NEW.sign * NEW.workers, NEW.sign * NEW.claimed_fen,
        NEW.sign * NEW.verified, NEW.sign * NEW.verified * NEW.verified_fen, NEW.sign * NEW.paid_fen,
        NEW.sign * (NEW.finished_on IS NULL), NEW.sign * (NEW.finished_on IS NULL) * NEW.workers,
        NEW.sign * (NEW.finished_on IS NULL) * NEW.claimed_fen, NEW.sign * (NEW.status = 'withdrawn'),
        NEW.sign * IFNULL(NEW.closed_in_time, 0))
    ON CONFLICT DO UPDATE SET cases = cases + excluded.cases, workers = workers + excluded.workers,
        claimed_fen = claimed_fen + excluded.claimed_fen, verified_cases = verified_cases + excluded.verified_cases,
        verified_fen = verified_fen + excluded.verified_fen, paid_fen = paid_fen + excluded.paid_fen,
        open = open + excluded.open, open_workers = open_workers + excluded.open_workers,
        open_claimed_fen = open_claimed_fen + excluded.open_claimed_fen, withdrawn = withdrawn + excluded.withdrawn,
        closed_in_time = closed_in_time + excluded.closed_in_time;
    DELETE FROM ledger_totals
    WHERE NEW.sign < 0 AND cases = 0 AND office_id = NEW.office_id AND scope = NEW.scope
      AND government_invested = NEW.government_invested AND submitted_on = NEW.submitted_on
      AND clocked = (NEW.clock_due IS NOT NULL) AND clock_due = IFNULL(NEW.clock_due, '');
END;

-- A case's row counts for its owner, each co-handler, and (while another office owns it) the office
-- that received it first. Written once per sign below: SQLite's triggers take no parameters.
CREATE TRIGGER ledger_case_added AFTER INSERT ON cases
BEGIN
    INSERT INTO ledger_changes
    SELECT NEW.owner_office, 0, 1, NEW.government_invested, NEW.submitted_on, NEW.clock_due, NEW.workers,
        NEW.claimed_fen, NEW.verified, NEW.verified_fen, NEW.paid_fen, NEW.finished_on, NEW.status, NEW.closed_in_time
    UNION ALL
    SELECT h.office_id, 1, 1, NEW.government_invested, NEW.submitted_on, NEW.clock_due, NEW.workers,
        NEW.claimed_fen, NEW.verified, NEW.verified_fen, NEW.paid_fen, NEW.finished_on, NEW.status, NEW.closed_in_time
    FROM case_co_handlers h WHERE h.complaint_id = NEW.complaint_id
    UNION ALL
    SELECT NEW.first_office, 2, 1, NEW.government_invested, NEW.submitted_on, NEW.clock_due, NEW.workers,
        NEW.claimed_fen, NEW.verified, NEW.verified_fen, NEW.paid_fen, NEW.finished_on, NEW.status, NEW.closed_in_time
    WHERE NEW.owner_office <> NEW.first_office;
END;

CREATE TRIGGER ledger_case_removed AFTER DELETE ON cases
BEGIN
    INSERT INTO ledger_changes
    SELECT OLD.owner_office, 0, -1, OLD.government_invested, OLD.submitted_on, OLD.clock_due, OLD.workers,
        OLD.claimed_fen, OLD.verified, OLD.verified_fen, OLD.paid_fen, OLD.finished_on, OLD.status, OLD.closed_in_time
    UNION ALL
    SELECT h.office_id, 1, -1, OLD.government_invested, OLD.submitted_on, OLD.clock_due, OLD.workers,
        OLD.claimed_fen, OLD.verified, OLD.verified_fen, OLD.paid_fen, OLD.finished_on, OLD.status, OLD.closed_in_time
    FROM case_co_handlers h WHERE h.complaint_id = OLD.complaint_id
    UNION ALL
    SELECT OLD.first_office, 2, -1, OLD.government_invested, OLD.submitted_on, OLD.clock_due, OLD.workers,
        OLD.claimed_fen, OLD.verified, OLD.verified_fen, OLD.paid_fen, OLD.finished_on, OLD.status, OLD.closed_in_time
    WHERE OLD.owner_office <> OLD.first_office;
END;

-- Only a change of a column the sums read moves them (a new state JSON or revision alone does not).
CREATE TRIGGER ledger_case_changed AFTER UPDATE ON cases
WHEN OLD.complaint_id IS NOT NEW.complaint_id OR OLD.owner_office IS NOT NEW.owner_office
    OR OLD.first_office IS NOT NEW.first_office OR OLD.government_invested IS NOT NEW.government_invested
    OR OLD.submitted_on IS NOT NEW.submitted_on OR OLD.clock_due IS NOT NEW.clock_due
    OR OLD.workers IS NOT NEW.workers OR OLD.claimed_fen IS NOT NEW.claimed_fen OR OLD.verified IS NOT NEW.verified
    OR OLD.verified_fen IS NOT NEW.verified_fen OR OLD.paid_fen IS NOT NEW.paid_fen
    OR OLD.finished_on IS NOT NEW.finished_on OR OLD.status IS NOT NEW.status
    OR OLD.closed_in_time IS NOT NEW.closed_in_time
BEGIN
    INSERT INTO ledger_changes
    SELECT OLD.owner_office, 0, -1, OLD.government_invested, OLD.submitted_on, OLD.clock_due, OLD.workers,
        OLD.claimed_fen, OLD.verified, OLD.verified_fen, OLD.paid_fen, OLD.finished_on, OLD.status, OLD.closed_in_time
    UNION ALL
    SELECT h.office_id, 1, -1, OLD.government_invested, OLD.submitted_on, OLD.clock_due, OLD.workers,
        OLD.claimed_fen, OLD.verified, OLD.verified_fen, OLD.paid_fen, OLD.finished_on, OLD.status, OLD.closed_in_time
    FROM case_co_handlers h WHERE h.complaint_id = OLD.complaint_id
    UNION ALL
    SELECT OLD.first_office, 2, -1, OLD.government_invested, OLD.submitted_on, OLD.clock_due, OLD.workers,
        OLD.claimed_fen, OLD.verified, OLD.verified_fen, OLD.paid_fen, OLD.finished_on, OLD.status, OLD.closed_in_time
    WHERE OLD.owner_office <> OLD.first_office;
    INSERT INTO ledger_changes
    SELECT NEW.owner_office, 0, 1, NEW.government_invested, NEW.submitted_on, NEW.clock_due, NEW.workers,
        NEW.claimed_fen, NEW.verified, NEW.verified_fen, NEW.paid_fen, NEW.finished_on, NEW.status, NEW.closed_in_time
    UNION ALL
    SELECT h.office_id, 1, 1, NEW.government_invested, NEW.submitted_on, NEW.clock_due, NEW.workers,
        NEW.claimed_fen, NEW.verified, NEW.verified_fen, NEW.paid_fen, NEW.finished_on, NEW.status, NEW.closed_in_time
    FROM case_co_handlers h WHERE h.complaint_id = NEW.complaint_id
    UNION ALL
    SELECT NEW.first_office, 2, 1, NEW.government_invested, NEW.submitted_on, NEW.clock_due, NEW.workers,
        NEW.claimed_fen, NEW.verified, NEW.verified_fen, NEW.paid_fen, NEW.finished_on, NEW.status, NEW.closed_in_time
    WHERE NEW.owner_office <> NEW.first_office;
END;

-- An office becoming (or ceasing to be) a co-handler takes the case's row as it stands.
CREATE TRIGGER ledger_co_handler_added AFTER INSERT ON case_co_handlers
BEGIN
    INSERT INTO ledger_changes
    SELECT NEW.office_id, 1, 1, k.government_invested, k.submitted_on, k.clock_due, k.workers, k.claimed_fen,
        k.verified, k.verified_fen, k.paid_fen, k.finished_on, k.status, k.closed_in_time
    FROM cases k WHERE k.complaint_id = NEW.complaint_id;
END;

CREATE TRIGGER ledger_co_handler_removed AFTER DELETE ON case_co_handlers
BEGIN
    INSERT INTO ledger_changes
    SELECT OLD.office_id, 1, -1, k.government_invested, k.submitted_on, k.clock_due, k.workers, k.claimed_fen,
        k.verified, k.verified_fen, k.paid_fen, k.finished_on, k.status, k.closed_in_time
    FROM cases k WHERE k.complaint_id = OLD.complaint_id;
END;

CREATE TRIGGER ledger_co_handler_changed AFTER UPDATE ON case_co_handlers
BEGIN
    INSERT INTO ledger_changes
    SELECT OLD.office_id, 1, -1, k.government_invested, k.submitted_on, k.clock_due, k.workers, k.claimed_fen,
        k.verified, k.verified_fen, k.paid_fen, k.finished_on, k.status, k.closed_in_time
    FROM cases k WHERE k.complaint_id = OLD.complaint_id;
    INSERT INTO ledger_changes
    SELECT NEW.office_id, 1, 1, k.government_invested, k.submitted_on, k.clock_due, k.workers, k.claimed_fen,
        k.verified, k.verified_fen, k.paid_fen, k.finished_on, k.status, k.closed_in_time
    FROM cases k WHERE k.complaint_id = NEW.complaint_id;
END;

-- backfill:begin
DELETE FROM ledger_totals;
INSERT INTO ledger_totals (office_id, scope, government_invested, submitted_on, clocked, clock_due, cases, workers,
    claimed_fen, verified_cases, verified_fen, paid_fen, open, open_workers, open_claimed_fen, withdrawn,
    closed_in_time)
SELECT office_id, scope, government_invested, submitted_on, clock_due IS NOT NULL, IFNULL(clock_due, ''), COUNT(*),
    SUM(workers), SUM(claimed_fen), SUM(verified), SUM(verified * verified_fen), SUM(paid_fen),
    SUM(finished_on IS NULL), SUM((finished_on IS NULL) * workers), SUM((finished_on IS NULL) * claimed_fen),
    SUM(status = 'withdrawn'), SUM(IFNULL(closed_in_time, 0))
FROM (
    SELECT k.owner_office AS office_id, 0 AS scope, k.* FROM cases k
    UNION ALL
    SELECT h.office_id, 1, k.* FROM case_co_handlers h JOIN cases k ON k.complaint_id = h.complaint_id
    UNION ALL
    SELECT k.first_office, 2, k.* FROM cases k WHERE k.owner_office <> k.first_office
)
GROUP BY office_id, scope, government_invested, submitted_on, clock_due IS NOT NULL, IFNULL(clock_due, '');
-- backfill:end

-- The export's cases sheet walks an office's cases by day and number: this index holds every ledger
-- column it prints, in that order, so an export of any size is streamed without a sort and without
-- reading the cases' states. The summary no longer reads `cases_ledger`; the groupings read this one.
DROP INDEX cases_ledger;
CREATE INDEX cases_export ON cases (owner_office, submitted_on, complaint_id, government_invested, status,
    accepted_on, clock_due, finished_on, closed_in_time, outcome, first_office, county_code, project_id, workers,
    claimed_fen, verified, verified_fen, paid_fen, order_due, penalty_fen, blacklisted_on);
