import type { TableRow, TableSchema } from "@iop/core";
import type { JsonValue } from "../json.js";
import type { PerAgreementState } from "../per-agreement-projection.js";
import { assertIdentity, type Projection } from "../projection.js";

/** One table a table projection keeps: its schema, and an agreement's rows from its fold row. */
export interface AgreementTable<R> {
  readonly schema: TableSchema;
  /**
   * The agreement's rows in this table, from its row of the fold. Pure; each row gives every
   * column, its group column (`schema.group`) the agreement id. `[]` leaves the agreement out.
   */
  rowsOf(agreementId: string, row: R): readonly TableRow[];
}

/**
 * A per-agreement projection kept durably as tables: the fold's row of each agreement is stored
 * as the agreement's state, and each table holds rows derived from it. A batch rewrites only
 * the agreements its events touched, so a rebuild costs the same per event however long the
 * history is, and one new event writes only its agreement's rows.
 */
export interface TableProjection<R extends JsonValue> {
  readonly name: string;
  /** Bump it when the fold, a table's columns or a `rowsOf` change: the tables are rebuilt beside the live ones. */
  readonly version: number;
  readonly projection: Projection<PerAgreementState<R>>;
  readonly tables: readonly AgreementTable<R>[];
  readonly schemas: readonly TableSchema[];
}

/** What {@link defineTableProjection} needs. */
export interface TableProjectionDefinition<R extends JsonValue> {
  /** Where the tables' build is recorded; unique per store. Defaults to the fold's name. */
  readonly name?: string;
  readonly version: number;
  /** A per-agreement fold: `definePerAgreementProjection` or `definePerAgreementLog`. */
  readonly projection: Projection<PerAgreementState<R>>;
  readonly tables: readonly AgreementTable<R>[];
}

/**
 * Defines a table projection over a per-agreement fold.
 *
 * ```ts
 * import { definePerAgreementProjection, defineTableProjection } from "@iop/projections";
 *
 * const grants = defineTableProjection({
 *   version: 1,
 *   projection: definePerAgreementProjection({
 *     name: "grants",
 *     version: 1,
 *     initialRow: { kronor: 0 },
 *     handlers: { Granted: (_row, { data }) => ({ kronor: data.grantedKronor }) },
 *   }),
 *   tables: [
 *     {
 *       schema: {
 *         name: "grants",
 *         group: "agreement_id",
 *         key: [],
 *         columns: [
 *           { name: "agreement_id", type: "text" },
 *           { name: "kronor", type: "integer" },
 *         ],
 *       },
 *       rowsOf: (agreementId, row) => [{ agreement_id: agreementId, kronor: row.kronor }],
 *     },
 *   ],
 * });
 * ```
 *
 * @throws {TypeError} for a bad name or version, or no tables.
 */
export function defineTableProjection<R extends JsonValue>(
  definition: TableProjectionDefinition<R>,
): TableProjection<R> {
  const name = definition.name ?? definition.projection.name;
  assertIdentity(name, definition.version);
  if (!Array.isArray(definition.tables) || definition.tables.length === 0)
    throw new TypeError(`Table projection ${JSON.stringify(name)} must keep at least one table`);
  return Object.freeze({
    name,
    version: definition.version,
    projection: definition.projection,
    tables: Object.freeze([...definition.tables]),
    schemas: Object.freeze(definition.tables.map((table) => table.schema)),
  });
}
