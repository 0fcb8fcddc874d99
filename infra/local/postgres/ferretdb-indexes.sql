-- GIN twins for FerretDB's indexes (run by infra/local/servers.sh on every start; idempotent).
--
-- FerretDB v1.24 on PostgreSQL stores a document as `_jsonb` and pushes an equality filter down as jsonb
-- containment: `{f: v}` becomes `WHERE _jsonb->'f' @> 'v'` (`_id` included). The indexes it creates for
-- `createIndex` are btree indexes on `(_jsonb->'f')`, and a btree index cannot serve `@>`: every pushed-down
-- query, even a lookup by `_id`, is a sequential scan that grows with the collection (measured on 20,000
-- documents of 1.5 KB: 18 ms a lookup by `_id`; with a GIN index on the same expression 0.05 ms).
--
-- So: whenever a btree index on `_jsonb` expressions is created, an event trigger creates a GIN index
-- (jsonb_path_ops, which serves `@>`) on the same expressions next to it, named `<index>_gin`; when that
-- index is dropped, its twin goes with it. Existing indexes get their twins below.

CREATE OR REPLACE FUNCTION carelink_gin_twin(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  idx record;
  exprs text[] := '{}';
  k int;
  expr text;
BEGIN
  SELECT i.indexrelid, i.indrelid, i.indnkeyatts, ic.relname AS index_name, n.nspname AS schema_name,
         tc.relname AS table_name, am.amname
    INTO idx
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class tc ON tc.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = tc.relnamespace
    JOIN pg_am am ON am.oid = ic.relam
   WHERE i.indexrelid = index_oid;
  IF NOT FOUND OR idx.amname <> 'btree' OR right(idx.index_name, 4) = '_gin' THEN
    RETURN;
  END IF;
  FOR k IN 1..idx.indnkeyatts LOOP
    expr := pg_get_indexdef(idx.indexrelid, k, true);
    -- Only FerretDB's document expressions: (_jsonb -> 'f') or (_jsonb -> 'a' -> 'b').
    IF expr !~ '^\(?_jsonb -> ' THEN
      RETURN;
    END IF;
    exprs := exprs || format('(%s) jsonb_path_ops', expr);
  END LOOP;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s)',
                 left(idx.index_name, 59) || '_gin', idx.schema_name, idx.table_name, array_to_string(exprs, ', '));
END;
$$;

CREATE OR REPLACE FUNCTION carelink_on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  cmd record;
BEGIN
  FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM carelink_gin_twin(cmd.objid);
  END LOOP;
END;
$$;

CREATE OR REPLACE FUNCTION carelink_on_drop_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  obj record;
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_dropped_objects()
              WHERE object_type = 'index' AND NOT is_temporary AND right(object_name, 4) <> '_gin' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', obj.schema_name, left(obj.object_name, 59) || '_gin');
  END LOOP;
END;
$$;

DROP EVENT TRIGGER IF EXISTS carelink_gin_twin_create;
CREATE EVENT TRIGGER carelink_gin_twin_create ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION carelink_on_create_index();

DROP EVENT TRIGGER IF EXISTS carelink_gin_twin_drop;
CREATE EVENT TRIGGER carelink_gin_twin_drop ON sql_drop
  WHEN TAG IN ('DROP INDEX') EXECUTE FUNCTION carelink_on_drop_index();

-- Twins for indexes made before this file was in place.
DO $$
DECLARE
  i record;
BEGIN
  FOR i IN SELECT ix.indexrelid FROM pg_index ix
             JOIN pg_class c ON c.oid = ix.indexrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') LOOP
    PERFORM carelink_gin_twin(i.indexrelid);
  END LOOP;
END;
$$;
