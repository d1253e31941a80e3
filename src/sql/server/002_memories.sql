-- Duizhao server, schema version 2: translation memories beside the glossary.
--
-- A memory file holds one memory in the tables `units`, `meta`, `changes` and `edits`. On the server all
-- memories share base tables in `duizhao` (`tm_unit`, `tm_meta`, `tm_change`, `tm_edit`), each row marked
-- with its memory; the schema `duizhao_tm` has views by the file's names showing the memory that the
-- connection's setting `duizhao.memory` names. A connection for one memory sets it once, and the store runs
-- the very statements it runs on a file: the views are simple, so PostgreSQL updates through them, a row
-- inserted gets the memory from the column's default, and the check option keeps every write inside it.
-- Integers are BIGINT (the client binds 64-bit integers); flags stay 0/1 as in SQLite.

SET search_path = duizhao;

CREATE TABLE tm_memory (
    id      BIGSERIAL PRIMARY KEY,
    name    TEXT NOT NULL,
    created BIGINT NOT NULL
);
-- Names are told apart without regard to case, as in the data folder.
CREATE UNIQUE INDEX tm_memory_name ON tm_memory (lower(name));

CREATE TABLE tm_unit (
    memory        BIGINT NOT NULL DEFAULT current_setting('duizhao.memory')::BIGINT
                  REFERENCES tm_memory(id) ON DELETE CASCADE,
    id            BIGSERIAL PRIMARY KEY,
    source_lang   TEXT NOT NULL,
    source_text   TEXT NOT NULL,
    source_family TEXT NOT NULL,
    source_key    TEXT NOT NULL,
    target_lang   TEXT NOT NULL,
    target_text   TEXT NOT NULL,
    target_family TEXT NOT NULL,
    target_key    TEXT NOT NULL,
    origin        TEXT NOT NULL,
    props         TEXT NOT NULL DEFAULT '[]',
    notes         TEXT NOT NULL DEFAULT '[]',
    created       BIGINT,
    changed       BIGINT,
    creation_id   TEXT,
    added         BIGINT NOT NULL,
    origin_detail TEXT NOT NULL DEFAULT '',
    change_id     TEXT,
    used          BIGINT NOT NULL DEFAULT 0,
    source_hash   BIGINT NOT NULL DEFAULT 0,
    target_hash   BIGINT NOT NULL DEFAULT 0,
    batch         BIGINT,
    deleted       BIGINT
);
-- The hashes alone lead the pair index (they are selective on their own); the memory leads the other,
-- which serves both a memory's scans in order and a page of ids. Kept so on purpose: with the memory
-- first in both, a freshly loaded table (not yet analysed) got plans that read a whole memory to fetch
-- a page of rows.
CREATE INDEX tm_unit_pair ON tm_unit (source_hash, target_hash) WHERE deleted IS NULL;
CREATE INDEX tm_unit_order ON tm_unit (memory, id);

CREATE TABLE tm_meta (
    memory BIGINT NOT NULL DEFAULT current_setting('duizhao.memory')::BIGINT
           REFERENCES tm_memory(id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (memory, key)
);

CREATE TABLE tm_change (
    memory  BIGINT NOT NULL DEFAULT current_setting('duizhao.memory')::BIGINT
            REFERENCES tm_memory(id) ON DELETE CASCADE,
    id      BIGSERIAL PRIMARY KEY,
    kind    TEXT NOT NULL,
    summary TEXT NOT NULL,
    author  TEXT NOT NULL,
    at      BIGINT NOT NULL,
    undone  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tm_change_memory ON tm_change (memory, id);

CREATE TABLE tm_edit (
    memory           BIGINT NOT NULL DEFAULT current_setting('duizhao.memory')::BIGINT
                     REFERENCES tm_memory(id) ON DELETE CASCADE,
    id               BIGSERIAL PRIMARY KEY,
    change_id        BIGINT NOT NULL,
    unit_id          BIGINT NOT NULL,
    side             TEXT NOT NULL CHECK (side IN ('source', 'target')),
    before           TEXT NOT NULL,
    after            TEXT NOT NULL,
    before_changed   BIGINT,
    before_change_id TEXT
);
CREATE INDEX tm_edit_unit ON tm_edit (unit_id);
CREATE INDEX tm_edit_change ON tm_edit (change_id);

CREATE SCHEMA IF NOT EXISTS duizhao_tm;

CREATE VIEW duizhao_tm.units AS
    SELECT id, source_lang, source_text, source_family, source_key, target_lang, target_text, target_family,
        target_key, origin, props, notes, created, changed, creation_id, added, origin_detail, change_id, used,
        source_hash, target_hash, batch, deleted
    FROM tm_unit WHERE memory = current_setting('duizhao.memory')::BIGINT
    WITH LOCAL CHECK OPTION;

CREATE VIEW duizhao_tm.meta AS
    SELECT key, value FROM tm_meta WHERE memory = current_setting('duizhao.memory')::BIGINT
    WITH LOCAL CHECK OPTION;

CREATE VIEW duizhao_tm.changes AS
    SELECT id, kind, summary, author, at, undone FROM tm_change
    WHERE memory = current_setting('duizhao.memory')::BIGINT
    WITH LOCAL CHECK OPTION;

CREATE VIEW duizhao_tm.edits AS
    SELECT id, change_id, unit_id, side, before, after, before_changed, before_change_id FROM tm_edit
    WHERE memory = current_setting('duizhao.memory')::BIGINT
    WITH LOCAL CHECK OPTION;

-- Fresh statistics after a large import. Until autovacuum analyses a freshly loaded table (a minute or
-- more), the planner believes it small and picks plans that read all of it for a page of rows; ANALYZE
-- needs the table's owner, so an editor's import runs it through this function, which acts as its owner.
CREATE FUNCTION refresh_statistics() RETURNS void LANGUAGE sql SECURITY DEFINER
    SET search_path = duizhao AS $$
    ANALYZE duizhao.tm_unit;
    ANALYZE duizhao.entry;
    ANALYZE duizhao.term;
$$;
