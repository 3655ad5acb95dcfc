import type { TableBuild, TableCatalog, TableSchema } from "@iop/core";
import { type NamedSql, named } from "./sql.js";

/** A catalog row as read, every column as text. */
export interface CatalogRow {
  readonly projection_no: string;
  readonly live_generation: string | null;
  readonly live_version: string | null;
  readonly live_checkpoint: string | null;
  readonly live_schemas: string | null;
  readonly building_generation: string | null;
  readonly building_version: string | null;
  readonly building_checkpoint: string | null;
  readonly building_schemas: string | null;
}

/**
 * The statements on the catalog, owner and state tables (migration 7) for one schema. `$1` is
 * always the projection's name, matched on its hash and itself, as the projection store does.
 */
export interface CatalogSql {
  readonly read: NamedSql;
  readonly lock: NamedSql;
  readonly ensure: NamedSql;
  readonly startBuild: NamedSql;
  readonly moveCheckpoint: NamedSql;
  readonly publish: NamedSql;
  readonly delete: NamedSql;
  readonly claimTables: NamedSql;
  readonly releaseTables: NamedSql;
  readonly otherOwner: NamedSql;
  readonly foreignRelations: NamedSql;
  readonly statesOf: NamedSql;
  readonly statesFirst: NamedSql;
  readonly statesAfter: NamedSql;
  readonly upsertStates: NamedSql;
  readonly deleteStates: NamedSql;
  readonly dropStates: NamedSql;
  readonly dropAllStates: NamedSql;
}

const BY_NAME = `name_key = sha256(convert_to($1::text, 'UTF8')) AND name = $1`;
const COLUMNS = `projection_no, live_generation, live_version, live_checkpoint, live_schemas,
  building_generation, building_version, building_checkpoint, building_schemas`;
/** Builds the catalog statements for `schema` (already quoted). */
export function catalogSql(s: string): CatalogSql {
  const states = `SELECT st.group_id, st.state FROM ${s}.projection_states st
    JOIN ${s}.projection_tables c ON c.projection_no = st.projection_no
    WHERE c.name_key = sha256(convert_to($1::text, 'UTF8')) AND c.name = $1 AND st.generation = $2`;
  return {
    read: named(`SELECT ${COLUMNS} FROM ${s}.projection_tables WHERE ${BY_NAME}`),
    lock: named(`SELECT ${COLUMNS} FROM ${s}.projection_tables WHERE ${BY_NAME} FOR UPDATE`),
    ensure: named(`INSERT INTO ${s}.projection_tables (name_key, name)
      VALUES (sha256(convert_to($1::text, 'UTF8')), $1) ON CONFLICT (name_key) DO NOTHING`),
    startBuild: named(`UPDATE ${s}.projection_tables
      SET building_generation = $2, building_version = $3, building_checkpoint = $4, building_schemas = $5
      WHERE ${BY_NAME}`),
    // The batch's build moves, live or building, only from the checkpoint it expects.
    moveCheckpoint: named(`UPDATE ${s}.projection_tables SET
        live_checkpoint = CASE WHEN live_generation = $2 THEN $4 ELSE live_checkpoint END,
        building_checkpoint = CASE WHEN building_generation = $2 THEN $4 ELSE building_checkpoint END
      WHERE ${BY_NAME} AND ((live_generation = $2 AND live_checkpoint = $3)
                            OR (building_generation = $2 AND building_checkpoint = $3))
      RETURNING projection_no, CASE WHEN live_generation = $2 THEN live_schemas ELSE building_schemas END AS schemas`),
    publish: named(`UPDATE ${s}.projection_tables SET
        live_generation = building_generation, live_version = building_version,
        live_checkpoint = building_checkpoint, live_schemas = building_schemas,
        building_generation = NULL, building_version = NULL, building_checkpoint = NULL, building_schemas = NULL
      WHERE ${BY_NAME}`),
    delete: named(`DELETE FROM ${s}.projection_tables WHERE ${BY_NAME}`),
    claimTables: named(`INSERT INTO ${s}.projection_table_owners (table_name, projection_no)
      SELECT unnest($2::text[]), $1 ON CONFLICT (table_name) DO NOTHING`),
    releaseTables: named(
      `DELETE FROM ${s}.projection_table_owners WHERE projection_no = $1 AND NOT (table_name = ANY($2::text[]))`,
    ),
    otherOwner: named(`SELECT o.table_name, c.name FROM ${s}.projection_table_owners o
      JOIN ${s}.projection_tables c ON c.projection_no = o.projection_no
      WHERE o.table_name = ANY($2::text[]) AND o.projection_no <> $1
      ORDER BY array_position($2::text[], o.table_name::text) LIMIT 1`),
    // Relations of the schema (the store's own tables, indexes, a user's view) that a name would clash with.
    foreignRelations: named(`SELECT c.relname FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2::text[])
      ORDER BY array_position($2::text[], c.relname::text) LIMIT 1`),
    statesOf: named(`${states} AND st.group_id = ANY($3::text[])`),
    statesFirst: named(`${states} ORDER BY st.group_id LIMIT $3`),
    statesAfter: named(`${states} AND st.group_id > $3 ORDER BY st.group_id LIMIT $4`),
    upsertStates: named(`INSERT INTO ${s}.projection_states (projection_no, generation, group_id, state)
      SELECT $1, $2, g, j FROM unnest($3::text[], $4::json[]) AS u (g, j)
      ON CONFLICT (projection_no, generation, group_id) DO UPDATE SET state = EXCLUDED.state`),
    deleteStates: named(`DELETE FROM ${s}.projection_states
      WHERE projection_no = $1 AND generation = $2 AND group_id = ANY($3::text[])`),
    dropStates: named(`DELETE FROM ${s}.projection_states WHERE projection_no = $1 AND generation = $2`),
    dropAllStates: named(`DELETE FROM ${s}.projection_states WHERE projection_no = $1`),
  };
}

function buildOf(
  generation: string | null,
  version: string | null,
  checkpoint: string | null,
  schemas: string | null,
): TableBuild | null {
  if (generation === null || version === null || checkpoint === null || schemas === null) return null;
  return {
    generation: Number(generation),
    version: Number(version),
    checkpoint: Number(checkpoint),
    schemas: JSON.parse(schemas) as TableSchema[],
  };
}

/** A catalog row as the port's catalog; no row is a projection never built. */
export function toCatalog(row: CatalogRow | undefined): TableCatalog {
  if (row === undefined) return { live: null, building: null };
  return {
    live: buildOf(row.live_generation, row.live_version, row.live_checkpoint, row.live_schemas),
    building: buildOf(
      row.building_generation,
      row.building_version,
      row.building_checkpoint,
      row.building_schemas,
    ),
  };
}
