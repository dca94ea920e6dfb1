-- A row that carries personal data in clear (the full numbers an office unmasked) keeps it only until
-- Telegram has it: marking it sent or failed replaces its text (see store::outbox::ERASED_TEXT).
ALTER TABLE outbox ADD COLUMN erase_after_send INTEGER NOT NULL DEFAULT 0;
