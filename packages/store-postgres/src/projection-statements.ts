import { type NamedSql, named, type Statement } from "./sql.js";

/** One projection row as read, every column as text. */
export interface ProjectionRow {
  readonly name: string;
  readonly version: string;
  readonly checkpoint: string;
  readonly state: string;
}

/** The projection store's SQL for one schema, built once per store. */
export interface ProjectionSql {
  readonly load: NamedSql;
  readonly insert: NamedSql;
  readonly update: NamedSql;
  readonly delete: NamedSql;
}

/** Builds the projection store's statements for `schema` (already quoted). */
export function projectionSql(schema: string): ProjectionSql {
  return {
    load: named(`SELECT name, version, checkpoint, state FROM ${schema}.projections
                  WHERE name_key = sha256(convert_to($1::text, 'UTF8')) AND name = $1`),
    insert: named(`INSERT INTO ${schema}.projections (name_key, name, version, checkpoint, state)
                   VALUES (sha256(convert_to($1::text, 'UTF8')), $1, $2, $3, $4)
                   ON CONFLICT (name_key) DO NOTHING
                   RETURNING name`),
    update: named(`UPDATE ${schema}.projections
                      SET version = $2, checkpoint = $3, state = $4, saved_at = now()
                    WHERE name_key = sha256(convert_to($1::text, 'UTF8')) AND name = $1 AND checkpoint = $5
                   RETURNING name`),
    delete: named(
      `DELETE FROM ${schema}.projections WHERE name_key = sha256(convert_to($1::text, 'UTF8')) AND name = $1`,
    ),
  };
}

export function loadProjectionStatement(sql: ProjectionSql, name: string): Statement {
  return { ...sql.load, values: [name] };
}

/** Inserts a projection unless one of that name exists; returns a row only when it inserted. */
export function insertProjectionStatement(
  sql: ProjectionSql,
  name: string,
  version: number,
  checkpoint: number,
  stateJson: string,
): Statement {
  return { ...sql.insert, values: [name, String(version), String(checkpoint), stateJson] };
}

/** Replaces a projection if it is still at `expectedCheckpoint`; returns a row only when it did. */
export function updateProjectionStatement(
  sql: ProjectionSql,
  name: string,
  version: number,
  checkpoint: number,
  stateJson: string,
  expectedCheckpoint: number,
): Statement {
  return {
    ...sql.update,
    values: [name, String(version), String(checkpoint), stateJson, String(expectedCheckpoint)],
  };
}

export function deleteProjectionStatement(sql: ProjectionSql, name: string): Statement {
  return { ...sql.delete, values: [name] };
}
