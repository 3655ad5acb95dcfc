import { InvalidStoreInputError } from "../errors/index.js";
import { isCalendarDate } from "../schemas/calendar-date.js";
import type { Json } from "../store/envelope.js";
import { checkedJson } from "../store/exact-json.js";

/**
 * What a column holds. SQL adapters map each to a native type (`date` → `DATE` on PostgreSQL,
 * ISO text on SQLite), and every adapter reads it back as the same JavaScript value: `date` as
 * `YYYY-MM-DD`, `instant` as an ISO 8601 UTC string with milliseconds, `json` as the value.
 */
export type ColumnType = "text" | "integer" | "boolean" | "date" | "instant" | "json";

/** One typed column of a projection table. */
export interface ColumnSpec {
  /** A lower-case SQL identifier: `agreement_id`, `granted_kronor`. */
  readonly name: string;
  readonly type: ColumnType;
  /** Whether the column may hold `null` (default `false`). */
  readonly nullable?: boolean;
  /** What the column means, for the table docs. */
  readonly description?: string;
}

/**
 * A table a durable projection keeps: typed columns a city's SQL can filter on. Rows belong to
 * a **group** (for the built-ins an agreement): a batch replaces every row of each group it
 * touched, so a rebuild and a catch-up write only what changed.
 */
export interface TableSchema {
  /** A lower-case SQL identifier, unique in the store: `iop_register`. */
  readonly name: string;
  readonly description?: string;
  readonly columns: readonly ColumnSpec[];
  /** The text column naming a row's group (`agreement_id`). */
  readonly group: string;
  /** Columns that, with the group, identify a row (empty: one row per group). */
  readonly key: readonly string[];
  /** Extra indexes, each a list of columns, for what readers filter on. */
  readonly indexes?: readonly (readonly string[])[];
}

/** A column value as written and read: `json` columns hold any JSON value. */
export type ColumnValue = string | number | boolean | null | Json;

/** A table row: a value for every column of its schema. */
export type TableRow = Readonly<Record<string, ColumnValue>>;

/** Lower-case identifiers that no SQL dialect we write reserves and no generation suffix can clash with. */
const IDENTIFIER = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const MAX_IDENTIFIER = 48;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const COLUMN_TYPES: readonly ColumnType[] = ["text", "integer", "boolean", "date", "instant", "json"];

function fail(field: string, reason: string): never {
  throw new InvalidStoreInputError(field, reason);
}

function assertIdentifier(value: unknown, field: string): asserts value is string {
  if (typeof value !== "string" || !IDENTIFIER.test(value) || value.length > MAX_IDENTIFIER)
    fail(
      field,
      `must be a lower-case SQL identifier of at most ${MAX_IDENTIFIER} characters such as "agreement_id" (got ${JSON.stringify(value)})`,
    );
}

/**
 * Checks a projection's table schemas: identifiers, column types, a text group column, key and
 * index columns that exist, no name twice.
 * @throws {InvalidStoreInputError} naming the first thing wrong.
 */
export function assertTableSchemas(schemas: readonly TableSchema[], field = "tables"): void {
  if (!Array.isArray(schemas) || schemas.length === 0) fail(field, "must list at least one table");
  const tableNames = new Set<string>();
  for (const [t, schema] of schemas.entries()) {
    const at = `${field}[${t}]`;
    assertIdentifier(schema?.name, `${at}.name`);
    if (tableNames.has(schema.name)) fail(`${at}.name`, `names ${schema.name} twice`);
    tableNames.add(schema.name);
    const columns: readonly ColumnSpec[] = schema.columns;
    if (!Array.isArray(columns) || columns.length === 0)
      fail(`${at}.columns`, "must list at least one column");
    const specs = new Map<string, ColumnSpec>();
    for (const [c, column] of columns.entries()) {
      assertIdentifier(column?.name, `${at}.columns[${c}].name`);
      if (specs.has(column.name)) fail(`${at}.columns[${c}].name`, `names ${column.name} twice`);
      if (!COLUMN_TYPES.includes(column.type))
        fail(`${at}.columns[${c}].type`, `must be one of ${COLUMN_TYPES.join(", ")}`);
      specs.set(column.name, column);
    }
    const group = specs.get(schema.group);
    if (group === undefined) fail(`${at}.group`, `must name a column (got ${JSON.stringify(schema.group)})`);
    if (group.type !== "text" || group.nullable === true)
      fail(`${at}.group`, "must be a text column that is not nullable");
    const assertColumns = (names: readonly string[], where: string) => {
      if (!Array.isArray(names)) fail(where, "must be a list of column names");
      for (const [k, name] of names.entries())
        if (!specs.has(name)) fail(`${where}[${k}]`, `must name a column (got ${JSON.stringify(name)})`);
    };
    assertColumns(schema.key, `${at}.key`);
    for (const name of schema.key)
      if (name === schema.group || specs.get(name)?.nullable === true)
        fail(`${at}.key`, `${name} is the group or nullable; a key column must be neither`);
    for (const [i, index] of (schema.indexes ?? []).entries()) assertColumns(index, `${at}.indexes[${i}]`);
  }
}

/**
 * Checks one row against its schema and returns it with `json` columns serialised, the form
 * every adapter writes. A row must give every column and nothing else.
 * @throws {InvalidStoreInputError} naming the row and column.
 */
export function prepareRow(schema: TableSchema, row: unknown, field: string): Record<string, ColumnValue> {
  if (typeof row !== "object" || row === null || Array.isArray(row)) fail(field, "must be an object");
  const prepared: Record<string, ColumnValue> = {};
  for (const key of Object.keys(row))
    if (!schema.columns.some((column) => column.name === key))
      fail(`${field}.${key}`, `is not a column of ${schema.name}`);
  for (const column of schema.columns) {
    const at = `${field}.${column.name}`;
    const value = (row as Record<string, unknown>)[column.name];
    if (value === undefined) fail(at, "is missing (give null for an empty value)");
    if (value === null) {
      if (column.nullable !== true) fail(at, "must not be null");
      prepared[column.name] = null;
      continue;
    }
    prepared[column.name] = columnValue(column.type, value, at);
  }
  return prepared;
}

/**
 * Checks a value for a column of `type` and returns it as adapters write it (`json` as text).
 * @throws {InvalidStoreInputError} on field `at`.
 */
export function columnValue(type: ColumnType, value: unknown, at: string): ColumnValue {
  switch (type) {
    case "text":
      if (typeof value !== "string" || !value.isWellFormed() || value.includes("\u0000"))
        fail(at, "must be well-formed text without NUL");
      return value;
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) fail(at, "must be a safe integer");
      return value;
    case "boolean":
      if (typeof value !== "boolean") fail(at, "must be true or false");
      return value;
    case "date":
      if (!isCalendarDate(value)) fail(at, "must be a calendar date written YYYY-MM-DD");
      return value;
    case "instant":
      if (typeof value !== "string" || !INSTANT.test(value) || new Date(value).toISOString() !== value)
        fail(at, "must be a UTC instant written like 2022-03-24T10:00:00.000Z");
      return value;
    case "json":
      return checkedJson(value, at);
  }
}

/**
 * The name of a table's physical copy for one build: readers see `name` itself (a view on the
 * live build's copy), so a rebuild fills a copy of its own and switches over when done.
 */
export function physicalTableName(table: string, generation: number): string {
  return `${table}__g${generation}`;
}
