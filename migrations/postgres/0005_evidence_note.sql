-- What the worker wrote with a file (a photo's caption), sealed: the office sees it with the file, and
-- an erasure clears it with the worker's other words.
ALTER TABLE evidence ADD COLUMN note TEXT;
