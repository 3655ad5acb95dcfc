import { type NamedSql, named, type Statement } from "./sql.js";

/** A key as read: hex, or `null` once destroyed. */
export interface KeyRow {
  readonly key: string | null;
}

/** The person key store's SQL for one schema, built once per store. */
export interface PersonKeySql {
  readonly select: NamedSql;
  readonly insert: NamedSql;
  readonly tombstone: NamedSql;
  readonly clear: NamedSql;
  readonly destroyed: NamedSql;
  readonly vacuum: NamedSql;
}

/** Builds the person key store's statements for `schema` (already quoted). */
export function personKeySql(schema: string): PersonKeySql {
  const table = `${schema}.person_keys`;
  return {
    // Hex, whatever the server's bytea_output.
    select: named(`SELECT encode(key, 'hex') AS key FROM ${table} WHERE person_id = $1`),
    insert: named(`INSERT INTO ${table} (person_id, key) VALUES ($1, decode($2, 'hex'))
                   ON CONFLICT (person_id) DO NOTHING
                   RETURNING encode(key, 'hex') AS key`),
    tombstone: named(`INSERT INTO ${table} (person_id, key, destroyed_at) VALUES ($1, NULL, now())
                      ON CONFLICT (person_id) DO NOTHING
                      RETURNING person_id`),
    clear: named(`UPDATE ${table} SET key = NULL, destroyed_at = now()
                   WHERE person_id = $1 AND key IS NOT NULL
                  RETURNING person_id`),
    destroyed: named(`SELECT destroyed_at IS NOT NULL AS destroyed FROM ${table} WHERE person_id = $1`),
    // FULL: the table is written anew from its live rows. A plain VACUUM only marks a dead row's
    // space free, and its bytes can stay in the page until something is written over them.
    vacuum: named(`VACUUM (FULL) ${table}`),
  };
}

/** The statement `sql` with the person id (and the key, as hex) as its values. */
export function personKeyStatement(sql: NamedSql, personId: string, keyHex?: string): Statement {
  return { ...sql, values: keyHex === undefined ? [personId] : [personId, keyHex] };
}
