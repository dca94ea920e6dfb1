-- Personal data sealed at rest beyond the numbers (issue 15): outbox payloads are sealed, and a row that
-- carries numbers in clear for one reader keeps its text-free copy, sealed too, to put in its place
-- once sent (see store::outbox). Claimants' names are sealed; the card shows the masked form kept here.
ALTER TABLE outbox ADD COLUMN payload_after_send TEXT;
ALTER TABLE claimants ADD COLUMN name_masked TEXT NOT NULL DEFAULT '';

-- Each ledger workbook sent to an office group, for the hourly limit on /export.
CREATE TABLE office_exports (
    office_id  TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX office_exports_by_office ON office_exports (office_id, at);
