-- Duizhao glossary, schema version 1.
-- A concept entry with its terms; every change is kept in `history` with the entry before and after.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE entry (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    version     INTEGER NOT NULL,
    domain      TEXT NOT NULL DEFAULT '',
    pos         TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    source_date TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'approved'
                CHECK (status IN ('approved', 'proposed', 'deprecated')),
    changed_by  TEXT NOT NULL DEFAULT '',
    changed_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE term (
    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    lang     TEXT NOT NULL,
    text     TEXT NOT NULL,
    kind     TEXT NOT NULL DEFAULT 'main'
             CHECK (kind IN ('main', 'abbr', 'variant', 'forbidden')),
    -- The folded search key (see src/glossary/normalize.rs).
    key      TEXT NOT NULL,
    PRIMARY KEY (entry_id, seq)
) WITHOUT ROWID;

CREATE INDEX term_key ON term(key);

CREATE TABLE history (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id INTEGER NOT NULL,
    -- The entry's version after this change.
    version  INTEGER NOT NULL,
    action   TEXT NOT NULL CHECK (action IN ('add', 'update', 'delete', 'restore', 'import')),
    author   TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL,
    -- EntryData as JSON; NULL when the entry did not exist (before an add) or was deleted (after a delete).
    before   TEXT,
    after    TEXT,
    -- Changes made by one import share a batch number, so the whole import can be reverted.
    batch    INTEGER
);

CREATE INDEX history_entry ON history(entry_id, version);
CREATE INDEX history_batch ON history(batch) WHERE batch IS NOT NULL;
