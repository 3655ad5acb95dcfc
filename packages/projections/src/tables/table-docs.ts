import type { TableSchema } from "@iop/core";

/**
 * A table's columns as the Markdown table docs/tables.md shows: name, type, whether it may be
 * empty, what it means. A test keeps the docs in step with the schemas.
 */
export function columnsMarkdown(schema: TableSchema): string {
  const keyed = new Set([schema.group, ...schema.key]);
  const lines = ["| column | type | empty | meaning |", "|---|---|---|---|"];
  for (const column of schema.columns)
    lines.push(
      `| \`${column.name}\`${keyed.has(column.name) ? " (key)" : ""} | ${column.type} | ${column.nullable === true ? "may be null" : "never"} | ${column.description ?? ""} |`,
    );
  return lines.join("\n");
}
