-- A case waiting for material before acceptance is counted against its acceptance clock, which resumes
-- by itself when the longest wait ends (the scheduler escalates it once past due): the ledger, digest
-- and export count it overdue then too. Rows saved before had no clock; the ledger triggers keep the
-- totals right through this update.
UPDATE cases SET clock_due = acceptance_due
 WHERE status = 'need_info' AND clock_due IS NULL
   AND json_extract(state, '$.accepted_on') IS NULL
   AND json_extract(state, '$.info_requested_on') IS NOT NULL;
