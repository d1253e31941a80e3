-- Duizhao glossary on a PostgreSQL server, schema version 1: the tables of the SQLite glossary (layout 3)
-- in a schema of their own, `duizhao`, so nothing else in the database is touched. Integers are BIGINT
-- throughout (the client binds 64-bit integers); booleans stay 0/1 as in SQLite, so both engines run the
-- same statements.

CREATE SCHEMA IF NOT EXISTS duizhao;
SET search_path = duizhao;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE entry (
    id          BIGSERIAL PRIMARY KEY,
    version     BIGINT NOT NULL,
    domain      TEXT NOT NULL DEFAULT '',
    pos         TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    source_date TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'approved'
                CHECK (status IN ('approved', 'proposed', 'deprecated')),
    changed_by  TEXT NOT NULL DEFAULT '',
    changed_at  TEXT NOT NULL,
    deleted     BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE term (
    entry_id BIGINT NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    seq      BIGINT NOT NULL,
    lang     TEXT NOT NULL,
    text     TEXT NOT NULL,
    kind     TEXT NOT NULL DEFAULT 'main'
             CHECK (kind IN ('main', 'abbr', 'variant', 'forbidden')),
    key      TEXT NOT NULL,
    PRIMARY KEY (entry_id, seq)
);

CREATE TABLE history (
    id       BIGSERIAL PRIMARY KEY,
    entry_id BIGINT NOT NULL,
    version  BIGINT NOT NULL,
    action   TEXT NOT NULL CHECK (action IN ('add', 'update', 'delete', 'restore', 'import')),
    author   TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL,
    before   TEXT,
    after    TEXT,
    batch    BIGINT
);

CREATE INDEX history_entry ON history(entry_id, version);
-- Undoing an import reads its batch; on a server the table is not scanned for that.
CREATE INDEX history_batch ON history(batch) WHERE batch IS NOT NULL;

CREATE TABLE rejected_suggestion (
    zh_key TEXT NOT NULL,
    en_key TEXT NOT NULL,
    zh     TEXT NOT NULL,
    en     TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    at     TEXT NOT NULL,
    PRIMARY KEY (zh_key, en_key)
);

-- Every change tells the listening windows (LISTEN duizhao_glossary) once per statement; they read what
-- changed from `history`, as they do on SQLite.
CREATE FUNCTION notify_glossary_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('duizhao_glossary', '');
    RETURN NULL;
END $$;
CREATE TRIGGER history_notify AFTER INSERT ON history
    FOR EACH STATEMENT EXECUTE FUNCTION notify_glossary_change();
