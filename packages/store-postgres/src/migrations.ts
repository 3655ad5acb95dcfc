import type pg from "pg";
import { DEFAULT_SCHEMA, quoteSchema } from "./schema-name.js";
import { sealStoredEvents } from "./seal-stored-events.js";

/** A schema as migrations see it: the quoted identifier and the raw name. */
export interface MigrationSchema {
  readonly quoted: string;
  readonly name: string;
}

/** What a migration's code step did, for the caller to report. */
export interface MigrationWork {
  /** Stored events it sealed into the hash chain. */
  readonly sealed: number;
}

/** One schema change, applied once per schema and recorded in `<schema>.schema_migrations`. */
export interface Migration {
  /** Applied in ascending order; never reused. */
  readonly version: number;
  readonly name: string;
  /** The DDL, given the quoted schema identifier and the raw schema name. */
  readonly sql: (schema: MigrationSchema) => string;
  /**
   * A step in code, run after {@link sql} on the migration's connection and in its transaction,
   * for what SQL cannot do (hashing stored events the core's way); a failure rolls back the
   * whole migration run.
   */
  readonly run?: (client: pg.ClientBase, schema: MigrationSchema) => Promise<MigrationWork>;
}

/**
 * The adapter's schema, as an append-only list: a released migration is never edited, a change
 * is a new entry.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "event store: streams, events, append_events()",
    sql: ({ quoted: s, name }) => `
CREATE TABLE ${s}.streams (
  stream_no bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- SHA-256 of the id's UTF-8: a 1000-character id can exceed a B-tree entry, its hash cannot.
  stream_key bytea NOT NULL UNIQUE,
  stream_id text NOT NULL,
  version bigint NOT NULL CHECK (version >= 0)
);

-- CACHE 1: values are handed out in call order, which append_events() relies on.
CREATE SEQUENCE ${s}.event_position AS bigint CACHE 1;

CREATE TABLE ${s}.events (
  position bigint PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_no bigint NOT NULL REFERENCES ${s}.streams (stream_no),
  stream_version bigint NOT NULL CHECK (stream_version >= 1),
  event_id text NOT NULL,
  type text NOT NULL,
  schema_version bigint NOT NULL,
  -- json, not jsonb: the text is kept as written, so data reads back exactly as appended.
  data json NOT NULL,
  metadata json NOT NULL,
  recorded_at timestamptz NOT NULL,
  UNIQUE (stream_no, stream_version)
);
ALTER SEQUENCE ${s}.event_position OWNED BY ${s}.events.position;

-- Finds the first event a reader must not pass yet (see readAll).
CREATE INDEX events_transaction_id_idx ON ${s}.events (transaction_id, position);

CREATE FUNCTION ${s}.expected_version_matches(p_expected text, p_actual bigint)
RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $fn$
  SELECT CASE p_expected
    WHEN 'any' THEN true
    WHEN 'no-stream' THEN p_actual = 0
    WHEN 'stream-exists' THEN p_actual > 0
    ELSE p_actual = p_expected::bigint
  END
$fn$;

-- Appends a batch to one stream in one statement. Returns (true, new version, last position),
-- or (false, actual version, NULL) when the stream is not at the expected version; then it
-- has written nothing at all.
CREATE FUNCTION ${s}.append_events(
  p_stream_id text,
  p_expected text,
  p_event_ids text[],
  p_types text[],
  p_schema_versions bigint[],
  p_data json[],
  p_metadata json[],
  p_recorded_at timestamptz
)
RETURNS TABLE (o_appended boolean, o_version bigint, o_position bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_count integer := cardinality(p_types);
  v_key bytea := sha256(convert_to(p_stream_id, 'UTF8'));
  v_positions_lock bigint := hashtextextended('iop-store-postgres/event-positions/${name}', 0);
  v_stream_lock bigint :=
    hashtextextended(p_stream_id, hashtextextended('iop-store-postgres/streams/${name}', 0));
  v_positions bigint[];
  v_stream_no bigint;
  v_stream_id text;
  v_version bigint;
BEGIN
  -- Global order rests on two rules (see the README):
  -- (1) a transaction takes its id and its positions together, under a short lock, so a lower
  --     transaction id always means lower positions;
  -- (2) writers of one stream take turns from before either has an id to after it commits, so
  --     within a stream, positions follow versions.
  -- Both need this transaction to get its id here, so it must not have written before.
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'append_events() must be the first write of its transaction'
      USING ERRCODE = '25001',
            HINT = 'Call it in a transaction of its own: global positions follow transaction ids.';
  END IF;

  -- (2) Writers of this stream queue here until the holder commits or rolls back. An advisory
  -- lock, unlike a row lock, does not give the transaction an id.
  PERFORM pg_advisory_xact_lock(v_stream_lock);

  -- With the stream to ourselves, check the expected version; on a conflict nothing is written.
  SELECT st.stream_no, st.stream_id, st.version INTO v_stream_no, v_stream_id, v_version
    FROM ${s}.streams st WHERE st.stream_key = v_key;
  IF NOT FOUND THEN
    v_version := 0;
  ELSIF v_stream_id <> p_stream_id THEN
    RAISE EXCEPTION 'stream key collision between % and %', v_stream_id, p_stream_id;
  END IF;
  IF NOT ${s}.expected_version_matches(p_expected, v_version) THEN
    RETURN QUERY SELECT false, v_version, NULL::bigint;
    RETURN;
  END IF;

  -- (1) The transaction id and the positions, together.
  BEGIN
    PERFORM pg_advisory_lock(v_positions_lock);
    PERFORM pg_current_xact_id();
    v_positions := ARRAY(SELECT nextval('${s}.event_position') FROM generate_series(1, v_count));
    PERFORM pg_advisory_unlock(v_positions_lock);
  EXCEPTION WHEN OTHERS THEN
    -- A session lock outlives an aborted transaction: never hand a pooled connection back holding it.
    PERFORM pg_advisory_unlock(v_positions_lock);
    RAISE;
  END;

  IF v_stream_no IS NULL THEN
    INSERT INTO ${s}.streams (stream_key, stream_id, version) VALUES (v_key, p_stream_id, v_count)
      RETURNING stream_no INTO v_stream_no;
  ELSE
    UPDATE ${s}.streams SET version = v_version + v_count WHERE stream_no = v_stream_no;
  END IF;
  INSERT INTO ${s}.events
    (position, stream_no, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
  SELECT v_positions[e.ord], v_stream_no, v_version + e.ord, e.event_id, e.type, e.schema_version,
         e.data, e.metadata, coalesce(p_recorded_at, now())
    FROM unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata)
         WITH ORDINALITY AS e (event_id, type, schema_version, data, metadata, ord);
  RETURN QUERY SELECT true, v_version + v_count, v_positions[v_count];
END
$fn$;
`,
  },
  {
    version: 2,
    name: "projections: state and checkpoint in one row",
    sql: ({ quoted: s }) => `
CREATE TABLE ${s}.projections (
  -- SHA-256 of the name's UTF-8, for the same reason as streams.stream_key.
  name_key bytea PRIMARY KEY,
  name text NOT NULL,
  version bigint NOT NULL,
  checkpoint bigint NOT NULL,
  state json NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 3,
    name: "event store: unique event ids",
    // An event's id identifies one stored event (the port's rule). Ids are lower-case UUIDs, so
    // the "C" collation's bytewise equality is exact, and it is the cheapest to compare. A schema
    // whose events already repeat an id fails here, and the migration transaction leaves it at
    // version 2, unchanged.
    sql: ({ quoted: s }) => `
CREATE UNIQUE INDEX events_event_id_idx ON ${s}.events (event_id COLLATE "C");
`,
  },
  {
    version: 4,
    name: "event store: append_events_v2(), no foreign key from events to streams",
    sql: ({ quoted: s, name }) => `
-- The append functions are the only writers of events. They create or find the stream's row
-- first, in the same transaction and while holding the stream's turn, and streams are never
-- deleted, so the foreign key never caught anything; its check (a query and a row lock per
-- inserted event) was about 40 % of the server's time for a batch.
ALTER TABLE ${s}.events DROP CONSTRAINT events_stream_no_fkey;

-- append_events_v2(): the rules and result columns of append_events() (version 1, see there and
-- the README), cheaper per call:
-- - data and metadata arrive as one JSON array each, not as json[]: the client joins the JSON
--   texts it has anyway instead of escaping every quote of every event into an array literal,
--   and json_array_elements() hands each element back as the exact text that was sent;
-- - one result row in OUT parameters instead of a set-returning function;
-- - the positions are taken one nextval() at a time instead of by a subquery over
--   generate_series(), which PostgreSQL planned afresh on every call.
-- It has a name of its own so that adapters of earlier releases, which call append_events(),
-- keep working on this schema until they are upgraded; both take the same locks and the same
-- sequence, so old and new adapters can append side by side. A later migration may drop
-- append_events().
--
-- Appends a batch to one stream in one statement: p_data and p_metadata are JSON arrays with
-- one element per event. Returns (true, new version, last position, every position, record
-- time), or (false, actual version, NULLs) when the stream is not at the expected version;
-- then it has written nothing at all.
CREATE FUNCTION ${s}.append_events_v2(
  p_stream_id text,
  p_expected text,
  p_event_ids text[],
  p_types text[],
  p_schema_versions bigint[],
  p_data json,
  p_metadata json,
  p_recorded_at timestamptz,
  OUT o_appended boolean,
  OUT o_version bigint,
  OUT o_position bigint,
  OUT o_positions bigint[],
  OUT o_recorded_at text
)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_count integer := cardinality(p_types);
  v_key bytea := sha256(convert_to(p_stream_id, 'UTF8'));
  v_positions_lock bigint := hashtextextended('iop-store-postgres/event-positions/${name}', 0);
  v_stream_lock bigint :=
    hashtextextended(p_stream_id, hashtextextended('iop-store-postgres/streams/${name}', 0));
  v_positions bigint[];
  v_stream_no bigint;
  v_stream_id text;
  v_version bigint;
BEGIN
  -- Global order rests on two rules (see the README):
  -- (1) a transaction takes its id and its positions together, under a short lock, so a lower
  --     transaction id always means lower positions;
  -- (2) writers of one stream take turns from before either has an id to after it commits, so
  --     within a stream, positions follow versions.
  -- Both need this transaction to get its id here, so it must not have written before.
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'append_events_v2() must be the first write of its transaction'
      USING ERRCODE = '25001',
            HINT = 'Call it in a transaction of its own: global positions follow transaction ids.';
  END IF;

  -- (2) Writers of this stream queue here until the holder commits or rolls back. An advisory
  -- lock, unlike a row lock, does not give the transaction an id.
  PERFORM pg_advisory_xact_lock(v_stream_lock);

  -- With the stream to ourselves, check the expected version; on a conflict nothing is written.
  SELECT st.stream_no, st.stream_id, st.version INTO v_stream_no, v_stream_id, v_version
    FROM ${s}.streams st WHERE st.stream_key = v_key;
  IF NOT FOUND THEN
    v_version := 0;
  ELSIF v_stream_id <> p_stream_id THEN
    RAISE EXCEPTION 'stream key collision between % and %', v_stream_id, p_stream_id;
  END IF;
  IF NOT ${s}.expected_version_matches(p_expected, v_version) THEN
    o_appended := false;
    o_version := v_version;
    RETURN;
  END IF;

  -- (1) The transaction id and the positions, together.
  BEGIN
    PERFORM pg_advisory_lock(v_positions_lock);
    PERFORM pg_current_xact_id();
    FOR i IN 1 .. v_count LOOP
      v_positions[i] := nextval('${s}.event_position');
    END LOOP;
    PERFORM pg_advisory_unlock(v_positions_lock);
  EXCEPTION WHEN OTHERS THEN
    -- A session lock outlives an aborted transaction: never hand a pooled connection back holding it.
    PERFORM pg_advisory_unlock(v_positions_lock);
    RAISE;
  END;

  IF v_stream_no IS NULL THEN
    INSERT INTO ${s}.streams (stream_key, stream_id, version) VALUES (v_key, p_stream_id, v_count)
      RETURNING stream_no INTO v_stream_no;
  ELSE
    UPDATE ${s}.streams SET version = v_version + v_count WHERE stream_no = v_stream_no;
  END IF;
  INSERT INTO ${s}.events
    (position, stream_no, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
  SELECT v_positions[e.ord], v_stream_no, v_version + e.ord, e.event_id, e.type, e.schema_version,
         e.data, e.metadata, coalesce(p_recorded_at, now())
    FROM ROWS FROM (unnest(p_event_ids), unnest(p_types), unnest(p_schema_versions),
                    json_array_elements(p_data), json_array_elements(p_metadata))
         WITH ORDINALITY AS e (event_id, type, schema_version, data, metadata, ord);
  o_appended := true;
  o_version := v_version + v_count;
  o_position := v_positions[v_count];
  -- Every event's position and the record time, as reads format it: the caller need not read
  -- back what it wrote.
  o_positions := v_positions;
  o_recorded_at := to_char(coalesce(p_recorded_at, now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
END
$fn$;
`,
  },
  {
    version: 5,
    name: "event store: hash chain (previous_hash, hash), append_events_v3()",
    sql: ({ quoted: s, name }) => `
-- Every event carries the hash of its stream's event before it and its own (the core computes
-- both: see docs/integrity.md). The run step below seals the events stored before the chain,
-- then makes both columns required.
ALTER TABLE ${s}.events ADD COLUMN previous_hash text, ADD COLUMN hash text;

-- append_events_v3(): the rules of append_events_v2() (see there and the README), for batches
-- the core has sealed: every event comes with its record time (the hash covers it, so the
-- core's clock stamps it, never the server's now(); imports keep their original times), the
-- hash before it and its own. p_expected is the exact version the batch was sealed onto (0: no
-- stream): any other would break the chain, so there is no 'any' here. The versions are
-- p_expected + 1, + 2, …, as sealed.
--
-- append_events() and append_events_v2() stay, but write no hashes: the columns being required,
-- adapters of earlier releases are refused (23502) rather than write events outside the chain.
CREATE FUNCTION ${s}.append_events_v3(
  p_stream_id text,
  p_expected bigint,
  p_event_ids text[],
  p_types text[],
  p_schema_versions bigint[],
  p_data json,
  p_metadata json,
  p_recorded_at timestamptz[],
  p_previous_hashes text[],
  p_hashes text[],
  OUT o_appended boolean,
  OUT o_version bigint,
  OUT o_positions bigint[]
)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_count integer := cardinality(p_types);
  v_key bytea := sha256(convert_to(p_stream_id, 'UTF8'));
  v_positions_lock bigint := hashtextextended('iop-store-postgres/event-positions/${name}', 0);
  v_stream_lock bigint :=
    hashtextextended(p_stream_id, hashtextextended('iop-store-postgres/streams/${name}', 0));
  v_positions bigint[];
  v_stream_no bigint;
  v_stream_id text;
  v_version bigint;
BEGIN
  -- Global order rests on two rules (see the README):
  -- (1) a transaction takes its id and its positions together, under a short lock, so a lower
  --     transaction id always means lower positions;
  -- (2) writers of one stream take turns from before either has an id to after it commits, so
  --     within a stream, positions follow versions.
  -- Both need this transaction to get its id here, so it must not have written before.
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'append_events_v3() must be the first write of its transaction'
      USING ERRCODE = '25001',
            HINT = 'Call it in a transaction of its own: global positions follow transaction ids.';
  END IF;

  -- (2) Writers of this stream queue here until the holder commits or rolls back. An advisory
  -- lock, unlike a row lock, does not give the transaction an id.
  PERFORM pg_advisory_xact_lock(v_stream_lock);

  -- With the stream to ourselves, check the version; on a conflict nothing is written.
  SELECT st.stream_no, st.stream_id, st.version INTO v_stream_no, v_stream_id, v_version
    FROM ${s}.streams st WHERE st.stream_key = v_key;
  IF NOT FOUND THEN
    v_version := 0;
  ELSIF v_stream_id <> p_stream_id THEN
    RAISE EXCEPTION 'stream key collision between % and %', v_stream_id, p_stream_id;
  END IF;
  IF v_version <> p_expected THEN
    o_appended := false;
    o_version := v_version;
    RETURN;
  END IF;

  -- (1) The transaction id and the positions, together.
  BEGIN
    PERFORM pg_advisory_lock(v_positions_lock);
    PERFORM pg_current_xact_id();
    FOR i IN 1 .. v_count LOOP
      v_positions[i] := nextval('${s}.event_position');
    END LOOP;
    PERFORM pg_advisory_unlock(v_positions_lock);
  EXCEPTION WHEN OTHERS THEN
    -- A session lock outlives an aborted transaction: never hand a pooled connection back holding it.
    PERFORM pg_advisory_unlock(v_positions_lock);
    RAISE;
  END;

  IF v_stream_no IS NULL THEN
    INSERT INTO ${s}.streams (stream_key, stream_id, version) VALUES (v_key, p_stream_id, v_count)
      RETURNING stream_no INTO v_stream_no;
  ELSE
    UPDATE ${s}.streams SET version = v_version + v_count WHERE stream_no = v_stream_no;
  END IF;
  INSERT INTO ${s}.events
    (position, stream_no, stream_version, event_id, type, schema_version, data, metadata, recorded_at,
     previous_hash, hash)
  SELECT v_positions[e.ord], v_stream_no, v_version + e.ord, e.event_id, e.type, e.schema_version,
         e.data, e.metadata, e.recorded_at, e.previous_hash, e.hash
    FROM ROWS FROM (unnest(p_event_ids), unnest(p_types), unnest(p_schema_versions),
                    json_array_elements(p_data), json_array_elements(p_metadata),
                    unnest(p_recorded_at), unnest(p_previous_hashes), unnest(p_hashes))
         WITH ORDINALITY AS e (event_id, type, schema_version, data, metadata, recorded_at,
                               previous_hash, hash, ord);
  o_appended := true;
  o_version := v_version + v_count;
  -- Every event's position: the caller need not read back what it wrote.
  o_positions := v_positions;
END
$fn$;
`,
    run: async (client, { quoted: s }) => {
      const sealed = await sealStoredEvents(client, s);
      await client.query(
        `ALTER TABLE ${s}.events ALTER COLUMN previous_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`,
      );
      return { sealed };
    },
  },
  {
    version: 6,
    name: "person keys",
    sql: ({ quoted: s }) => `
-- One AES-256 key per person, for the personal data sealed in events. Destroying a key keeps the
-- row as a tombstone (key NULL, destroyed_at set), so no new key is ever made for that person.
-- Person ids are ASCII (pseudonymous ids): the "C" collation compares them bytewise.
CREATE TABLE ${s}.person_keys (
  person_id text COLLATE "C" PRIMARY KEY,
  key bytea CHECK (octet_length(key) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  destroyed_at timestamptz,
  CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
);
`,
  },
  {
    version: 7,
    name: "projection tables: catalog, table owners, group states",
    sql: ({ quoted: s }) => `
-- One row per table projection: the build readers see (live) and one being built, each with its
-- generation (which names its physical tables), version, checkpoint and table schemas. The
-- schemas are json, not jsonb: they read back as written, so the core can compare them.
CREATE TABLE ${s}.projection_tables (
  projection_no bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- SHA-256 of the name's UTF-8: a projection name has no length limit, its hash fits an index.
  name_key bytea NOT NULL UNIQUE,
  name text NOT NULL,
  live_generation bigint,
  live_version bigint,
  live_checkpoint bigint,
  live_schemas json,
  building_generation bigint,
  building_version bigint,
  building_checkpoint bigint,
  building_schemas json,
  CHECK (num_nulls(live_generation, live_version, live_checkpoint, live_schemas) IN (0, 4)),
  CHECK (num_nulls(building_generation, building_version, building_checkpoint, building_schemas) IN (0, 4))
);

-- Which projection a table name belongs to, for the tables of its live and building builds: a
-- name is one view in the schema, so two projections cannot share it.
CREATE TABLE ${s}.projection_table_owners (
  table_name text COLLATE "C" PRIMARY KEY,
  projection_no bigint NOT NULL REFERENCES ${s}.projection_tables (projection_no) ON DELETE CASCADE
);
CREATE INDEX ON ${s}.projection_table_owners (projection_no);

-- A group's fold state per build. json keeps the text exactly; "C" orders groups by code unit,
-- as every adapter pages them.
CREATE TABLE ${s}.projection_states (
  projection_no bigint NOT NULL,
  generation bigint NOT NULL,
  group_id text COLLATE "C" NOT NULL,
  state json NOT NULL,
  PRIMARY KEY (projection_no, generation, group_id)
);
`,
  },
  {
    version: 8,
    name: "event store: append_chunk_v1(), the bulk path of an import",
    sql: ({ quoted: s, name }) => `
-- append_chunk_v1(): appends a chunk of events over many streams in one statement, all or
-- nothing: the bulk path of an import. One row per event, in the order they take positions;
-- p_data and p_metadata are JSON arrays as for append_events_v3(). Each stream's events in the
-- chunk are contiguous versions from the one after its stored version (the core chained them).
-- Returns (true, NULL, NULL, first position; the chunk's positions are contiguous from it), or
-- (false, a stream, its actual version, NULL) when a stream is not at the version before its
-- first event in the chunk; then it has written nothing at all.
--
-- Global order keeps the rules of append_events_v3(): (1) the transaction id and the chunk's
-- positions are taken together under the positions lock, as one block from the sequence; (2)
-- positions follow versions within a stream because every version is read before the positions
-- are taken and a version is only seen once its writer has committed. It takes no turn on each
-- stream (thousands of advisory locks would fill the server's lock table): a writer that races
-- it on a stream collides on the unique (stream_no, stream_version) and rolls back whole, which
-- the drivers report as a conflict.
CREATE FUNCTION ${s}.append_chunk_v1(
  p_stream_ids text[],
  p_stream_versions bigint[],
  p_event_ids text[],
  p_types text[],
  p_schema_versions bigint[],
  p_data json,
  p_metadata json,
  p_recorded_at timestamptz[],
  p_previous_hashes text[],
  p_hashes text[],
  OUT o_appended boolean,
  OUT o_stream_id text,
  OUT o_version bigint,
  OUT o_first_position bigint
)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_count integer := cardinality(p_types);
  v_positions_lock bigint := hashtextextended('iop-store-postgres/event-positions/${name}', 0);
  v_inserted bigint;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'append_chunk_v1() must be the first write of its transaction'
      USING ERRCODE = '25001',
            HINT = 'Call it in a transaction of its own: global positions follow transaction ids.';
  END IF;

  -- Each stream's first event must follow its stored version; the first stream in the chunk
  -- that does not is the conflict.
  SELECT f.stream_id, f.stored INTO o_stream_id, o_version
    FROM (SELECT u.id AS stream_id, min(u.v) - 1 AS before, min(u.ord) AS first,
                 coalesce((SELECT st.version FROM ${s}.streams st
                            WHERE st.stream_key = sha256(convert_to(u.id, 'UTF8'))
                              AND st.stream_id = u.id), 0) AS stored
            FROM unnest(p_stream_ids, p_stream_versions) WITH ORDINALITY AS u (id, v, ord)
           GROUP BY u.id) f
   WHERE f.stored <> f.before
   ORDER BY f.first
   LIMIT 1;
  IF FOUND THEN
    o_appended := false;
    RETURN;
  END IF;

  -- (1) The transaction id and the positions, together: every other taker of positions holds
  -- this lock too, so the block from nextval() to setval() is the chunk's alone.
  BEGIN
    PERFORM pg_advisory_lock(v_positions_lock);
    PERFORM pg_current_xact_id();
    o_first_position := nextval('${s}.event_position');
    IF v_count > 1 THEN
      PERFORM setval('${s}.event_position', o_first_position + v_count - 1);
    END IF;
    PERFORM pg_advisory_unlock(v_positions_lock);
  EXCEPTION WHEN OTHERS THEN
    -- A session lock outlives an aborted transaction: never hand a pooled connection back holding it.
    PERFORM pg_advisory_unlock(v_positions_lock);
    RAISE;
  END;

  -- Stream rows in key order, so two chunks sharing streams lock them in the same order.
  WITH heads AS (
    INSERT INTO ${s}.streams AS st (stream_key, stream_id, version)
    SELECT sha256(convert_to(u.id, 'UTF8')), u.id, max(u.v)
      FROM unnest(p_stream_ids, p_stream_versions) AS u (id, v)
     GROUP BY u.id
     ORDER BY 1
    ON CONFLICT (stream_key) DO UPDATE SET version = excluded.version
    RETURNING st.stream_no, st.stream_id
  )
  INSERT INTO ${s}.events
    (position, stream_no, stream_version, event_id, type, schema_version, data, metadata, recorded_at,
     previous_hash, hash)
  SELECT o_first_position + e.ord - 1, h.stream_no, e.stream_version, e.event_id, e.type,
         e.schema_version, e.data, e.metadata, e.recorded_at, e.previous_hash, e.hash
    FROM ROWS FROM (unnest(p_stream_ids), unnest(p_stream_versions), unnest(p_event_ids),
                    unnest(p_types), unnest(p_schema_versions), json_array_elements(p_data),
                    json_array_elements(p_metadata), unnest(p_recorded_at),
                    unnest(p_previous_hashes), unnest(p_hashes))
         WITH ORDINALITY AS e (stream_id, stream_version, event_id, type, schema_version, data,
                               metadata, recorded_at, previous_hash, hash, ord)
    JOIN heads h ON h.stream_id = e.stream_id;
  GET DIAGNOSTICS v_inserted = ROW_COUNT;
  IF v_inserted <> v_count THEN
    RAISE EXCEPTION 'stream key collision in a chunk of % events (% inserted)', v_count, v_inserted;
  END IF;
  o_appended := true;
END
$fn$;
`,
  },
];

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The schema to create or bring up to date; `iop` by default. */
  readonly schema?: string;
}

/** The outcome of {@link migrate}. */
export interface MigrateResult {
  /** Versions this call applied; empty when the schema was already current. */
  readonly applied: readonly number[];
  /** The schema's version afterwards. */
  readonly version: number;
  /**
   * Events this call sealed into the hash chain: those a store written before the chain held
   * (migration 5). 0 when there were none or the schema had the chain already.
   */
  readonly sealed: number;
}

/**
 * Creates the schema or brings it up to date. Idempotent, and safe to run from many processes at
 * once: every run takes a transaction-scoped advisory lock on the schema first, then applies the
 * missing migrations and records them in one transaction, so a failed run leaves nothing.
 */
export async function migrate(
  pool: pg.Pool | pg.ClientBase,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const name = options.schema ?? DEFAULT_SCHEMA;
  const quoted = quoteSchema(name);
  const client = "totalCount" in pool ? await pool.connect() : pool;
  let failure: unknown;
  try {
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
        `iop-store-postgres/migrate/${name}`,
      ]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const done = await client.query<{ version: number }>(`SELECT version FROM ${quoted}.schema_migrations`);
      const have = new Set(done.rows.map((r) => Number(r.version)));
      const applied: number[] = [];
      let sealed = 0;
      for (const migration of MIGRATIONS) {
        if (have.has(migration.version)) continue;
        await client.query(migration.sql({ quoted, name }));
        if (migration.run !== undefined) sealed += (await migration.run(client, { quoted, name })).sealed;
        await client.query(`INSERT INTO ${quoted}.schema_migrations (version, name) VALUES ($1, $2)`, [
          migration.version,
          migration.name,
        ]);
        applied.push(migration.version);
      }
      await client.query("COMMIT");
      return { applied, version: Math.max(0, ...have, ...applied), sealed };
    } catch (error) {
      failure = error;
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  } finally {
    // A connection that failed mid-migration is discarded rather than reused.
    if (client !== pool) (client as pg.PoolClient).release(failure instanceof Error ? failure : undefined);
  }
}
