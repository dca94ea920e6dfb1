-- The ledger counts per claimant (issue 14): the verified amount is what the office verified each
-- worker is owed (NULL until it did), the paid amount what the workers confirmed arrived, and an order
-- to pay's deadline, the penalties and a blacklist referral are columns of their own.
ALTER TABLE claimants ADD COLUMN verified_fen INTEGER;
ALTER TABLE cases ADD COLUMN verified_fen INTEGER NOT NULL DEFAULT 0;   -- claimants' verified amounts
ALTER TABLE cases ADD COLUMN order_due TEXT;                             -- CaseState.order.due
ALTER TABLE cases ADD COLUMN penalty_fen INTEGER NOT NULL DEFAULT 0;     -- the fines of CaseState.penalties
ALTER TABLE cases ADD COLUMN blacklisted_on TEXT;                        -- CaseState.blacklist.on

-- backfill:begin
UPDATE cases SET
    paid_fen = (SELECT COALESCE(SUM(paid_fen), 0) FROM claimants WHERE complaint_id = cases.complaint_id),
    order_due = json_extract(state, '$.order.due'),
    penalty_fen = COALESCE((SELECT SUM(json_extract(p.value, '$.amount_fen')) FROM json_each(state, '$.penalties') p), 0),
    blacklisted_on = json_extract(state, '$.blacklist.on');
-- backfill:end

DROP INDEX cases_ledger;
CREATE INDEX cases_ledger ON cases (owner_office, government_invested, submitted_on, workers, claimed_fen, verified,
    verified_fen, paid_fen, clock_due, finished_on, closed_in_time, status);
