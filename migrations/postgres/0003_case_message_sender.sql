-- The worker whose words a case message in an office group relays: a staff reply to that message
-- answers that worker alone (a case has many claimants). NULL for the bot's own posts.
ALTER TABLE case_messages ADD COLUMN worker_chat_id BIGINT;
