-- The three group roles of a Duizhao server and what each may do, enforced by the server itself:
-- duizhao_reader searches and exports, duizhao_editor also adds, changes, deletes and imports,
-- duizhao_admin also changes the schema (`server migrate`) and hands out roles. Run by `server init`
-- after the schema exists; it can run again (the roles are cluster-wide, the grants per database).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'duizhao_reader') THEN
        CREATE ROLE duizhao_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'duizhao_editor') THEN
        CREATE ROLE duizhao_editor NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'duizhao_admin') THEN
        CREATE ROLE duizhao_admin NOLOGIN CREATEROLE;
    END IF;
END $$;
GRANT duizhao_reader TO duizhao_editor;
GRANT duizhao_editor TO duizhao_admin;

REVOKE ALL ON SCHEMA duizhao FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA duizhao FROM PUBLIC;
GRANT USAGE ON SCHEMA duizhao TO duizhao_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA duizhao TO duizhao_reader;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA duizhao TO duizhao_reader;
GRANT INSERT, UPDATE, DELETE ON duizhao.entry, duizhao.term, duizhao.history,
    duizhao.rejected_suggestion TO duizhao_editor;
GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA duizhao TO duizhao_editor;
GRANT ALL ON SCHEMA duizhao TO duizhao_admin;
GRANT ALL ON ALL TABLES IN SCHEMA duizhao TO duizhao_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA duizhao TO duizhao_admin;

-- Memories (schema version 2): people work through the views in `duizhao_tm`, which act with their
-- owner's rights on the base tables, so only the views are granted. An editor may create and rename a
-- memory; removing a whole memory is an administrator's.
REVOKE ALL ON SCHEMA duizhao_tm FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA duizhao_tm FROM PUBLIC;
GRANT USAGE ON SCHEMA duizhao_tm TO duizhao_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA duizhao_tm TO duizhao_reader;
GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA duizhao_tm TO duizhao_editor;
GRANT INSERT, UPDATE ON duizhao.tm_memory TO duizhao_editor;
GRANT ALL ON SCHEMA duizhao_tm TO duizhao_admin;
GRANT ALL ON ALL TABLES IN SCHEMA duizhao_tm TO duizhao_admin;

-- Functions run by anyone unless told otherwise; this one is for the people who import.
REVOKE ALL ON FUNCTION duizhao.refresh_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duizhao.refresh_statistics() TO duizhao_editor;
