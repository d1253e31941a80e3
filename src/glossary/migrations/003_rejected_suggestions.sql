-- Duizhao glossary, schema version 3.
-- Term suggestions (src/terms) a person turned down, so that they are not proposed again. They live in the
-- glossary, not in one user's workspace: a rejection is a terminology decision about this glossary, and
-- everyone who shares the file (and the CLI's --glossary) should see it. Keys are folded as the term
-- table's (src/glossary/normalize.rs), so one rejection covers both Chinese scripts; an empty `en_key`
-- rejects the Chinese term with any English.

CREATE TABLE rejected_suggestion (
    zh_key TEXT NOT NULL,
    en_key TEXT NOT NULL,
    -- As the person saw them, for listing.
    zh     TEXT NOT NULL,
    en     TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    at     TEXT NOT NULL,
    PRIMARY KEY (zh_key, en_key)
) WITHOUT ROWID;
