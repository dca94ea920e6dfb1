-- A web worker who filed twice from one browser has one mailbox for both cases: each message about a
-- case names it, so each case's status page shows its own (rows without a case show on every page).
ALTER TABLE web_mail ADD COLUMN complaint_id INTEGER;
