-- The readiness check writes here (one row, the time of the last check): a database that takes a
-- write now is one that can take a worker's complaint.
CREATE TABLE health (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at  TEXT    NOT NULL
);
