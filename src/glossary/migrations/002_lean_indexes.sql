-- Duizhao glossary, schema version 2.
-- Imports match rows against the glossary in memory, and the search index lives in memory: the index on
-- term keys and the one on history batches were paid for by every write and used by almost nothing
-- (finding duplicates and undoing an import now read the tables through).

DROP INDEX IF EXISTS term_key;
DROP INDEX IF EXISTS history_batch;
