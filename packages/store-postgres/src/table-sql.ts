import type { ColumnSpec, ColumnType, ColumnValue, RowFilter, TableRow, TableSchema } from "@iop/core";
import { physicalTableName } from "@iop/core/adapter-kit";
import { type NamedSql, named, type Statement } from "./sql.js";

// The SQL of one projection table, given its schema. The core has checked table and column
// names to be lower-case identifiers (`assertTableSchemas`); they are quoted anyway, and every
// value is a parameter.

/** The native type of each column type. Text is compared in code units, as every adapter orders it. */
const NATIVE: Readonly<Record<ColumnType, string>> = {
  text: `text COLLATE "C"`,
  integer: "bigint",
  boolean: "boolean",
  date: "date",
  instant: "timestamptz",
  json: "jsonb",
};

/** The type a parameter is cast to, and the array type of a column's values in a bulk insert. */
const PARAMETER: Readonly<Record<ColumnType, string>> = {
  text: "text",
  integer: "bigint",
  boolean: "boolean",
  date: "date",
  instant: "timestamptz",
  json: "jsonb",
};

const ident = (name: string) => `"${name}"`;

/** A table's physical copy for one build, schema-qualified. */
export function physicalTable(schema: string, table: string, generation: number): string {
  return `${schema}.${ident(physicalTableName(table, generation))}`;
}

/** The view readers query, schema-qualified. */
export function viewOf(schema: string, table: string): string {
  return `${schema}.${ident(table)}`;
}

/**
 * The DDL of a build's copy of `table`: native types, NOT NULL unless nullable, the group and key
 * as primary key (whose leading column serves lookups by group), and the schema's extra indexes.
 */
export function createTableSql(schema: string, table: TableSchema, generation: number): string[] {
  const name = physicalTable(schema, table.name, generation);
  const columns = table.columns.map(
    (c) => `${ident(c.name)} ${NATIVE[c.type]}${c.nullable === true ? "" : " NOT NULL"}`,
  );
  const key = [table.group, ...table.key].map(ident).join(", ");
  return [
    `CREATE TABLE ${name} (${columns.join(", ")}, PRIMARY KEY (${key}))`,
    ...(table.indexes ?? []).map((index) => `CREATE INDEX ON ${name} (${index.map(ident).join(", ")})`),
  ];
}

/**
 * Whether a view of `before`'s columns can be replaced in place by one of `after`'s:
 * `CREATE OR REPLACE VIEW` may add columns at the end, never drop, rename or retype one.
 */
export function extendsColumns(before: TableSchema, after: TableSchema): boolean {
  return before.columns.every(
    (c, i) => c.name === after.columns[i]?.name && c.type === after.columns[i]?.type,
  );
}

/** The view of `table` on the build's copy, listing the columns in the schema's order. */
export function viewSql(schema: string, table: TableSchema, generation: number): string {
  const columns = table.columns.map((c) => ident(c.name)).join(", ");
  return `CREATE OR REPLACE VIEW ${viewOf(schema, table.name)} AS SELECT ${columns} FROM ${physicalTable(schema, table.name, generation)}`;
}

/** Deletes every row of the given groups (`$1`, a text array) from a build's copy. */
export function deleteGroupsSql(schema: string, table: TableSchema, generation: number): NamedSql {
  return named(
    `DELETE FROM ${physicalTable(schema, table.name, generation)} WHERE ${ident(table.group)} = ANY($1::text[])`,
  );
}

/**
 * Inserts rows in one statement, a parameter per column: `unnest` turns the arrays back into
 * rows, so a batch costs one round trip and one plan however many rows it holds.
 */
export function insertRowsStatement(
  schema: string,
  table: TableSchema,
  generation: number,
  rows: readonly Readonly<Record<string, ColumnValue>>[],
): Statement {
  const columns = table.columns.map((c) => ident(c.name)).join(", ");
  const arrays = table.columns.map((c, i) => `$${i + 1}::${PARAMETER[c.type]}[]`).join(", ");
  return {
    ...named(
      `INSERT INTO ${physicalTable(schema, table.name, generation)} (${columns}) SELECT * FROM unnest(${arrays})`,
    ),
    values: table.columns.map((c) => rows.map((row) => row[c.name] ?? null)),
  };
}

/**
 * How a column is read: every one as text, so a view whose column changed type never changes a
 * prepared statement's result type, and values arrive as PostgreSQL wrote them whatever the
 * session's DateStyle or time zone.
 */
function readExpression(column: ColumnSpec): string {
  const name = ident(column.name);
  switch (column.type) {
    case "date":
      return `to_char(${name}, 'YYYY-MM-DD') AS ${name}`;
    case "instant":
      return `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${name}`;
    default:
      return `${name}::text AS ${name}`;
  }
}

/** The rows of a live table matching `filter`, in group and key order. */
export function selectStatement(schema: string, table: TableSchema, filter: RowFilter): Statement {
  const values: unknown[] = [];
  const conditions = filter.map(([column, value]) => {
    if (value === null) return `${ident(column)} IS NULL`;
    const type = table.columns.find((c) => c.name === column)?.type ?? "text";
    values.push(value);
    return `${ident(column)} = $${values.length}::${PARAMETER[type]}`;
  });
  const where = conditions.length === 0 ? "" : ` WHERE ${conditions.join(" AND ")}`;
  const order = [table.group, ...table.key].map(ident).join(", ");
  return {
    ...named(
      `SELECT ${table.columns.map(readExpression).join(", ")} FROM ${viewOf(schema, table.name)}${where} ORDER BY ${order}`,
    ),
    values,
  };
}

/** A row as read (every column text) as the JavaScript values the port promises. */
export function toTableRow(table: TableSchema, raw: Readonly<Record<string, string | null>>): TableRow {
  const row: Record<string, ColumnValue> = {};
  for (const column of table.columns) {
    const text = raw[column.name] ?? null;
    row[column.name] = text === null ? null : fromText(column.type, text);
  }
  return row;
}

function fromText(type: ColumnType, text: string): ColumnValue {
  switch (type) {
    case "integer":
      return Number(text);
    case "boolean":
      return text === "true";
    case "json":
      return JSON.parse(text) as ColumnValue;
    default:
      return text;
  }
}
