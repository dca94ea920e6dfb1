-- The timeline's free text is sealed (0015), so a key rotation must re-seal it: besides a redaction
-- (0014), an entry may be re-sealed — its arguments keep the same names and the counts the ledger reads,
-- nothing else changes (not the event, its time, its actor, nor whether it was redacted). Deletes stay
-- refused.
DROP TRIGGER timeline_no_update;
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline
WHEN NOT (
    NEW.id = OLD.id AND NEW.complaint_id = OLD.complaint_id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
    AND NEW.event = OLD.event AND NEW.message_id = OLD.message_id
    AND json_valid(NEW.args)
    AND json_extract(NEW.args, '$.workers') IS json_extract(OLD.args, '$.workers')
    AND json_extract(NEW.args, '$.amount') IS json_extract(OLD.args, '$.amount')
    AND (
        -- a redaction: once, never longer
        (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND length(NEW.args) <= length(OLD.args))
        -- a re-seal under a new key: the same arguments by name
        OR (NEW.redacted_at IS OLD.redacted_at
            AND (SELECT group_concat(key, ',') FROM (SELECT key FROM json_each(NEW.args) ORDER BY key))
             IS (SELECT group_concat(key, ',') FROM (SELECT key FROM json_each(OLD.args) ORDER BY key)))
    )
)
BEGIN
    SELECT RAISE(ABORT, 'timeline is append-only: an entry may only be redacted, once, or re-sealed');
END;
