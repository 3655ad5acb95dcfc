import type { TableSchema } from "@iop/core";
import { describe, expect, it } from "vitest";
import { createTableSql, extendsColumns, insertRowsStatement, selectStatement } from "./table-sql.js";

const years: TableSchema = {
  name: "iop_funding_years",
  group: "agreement_id",
  key: ["year"],
  columns: [
    { name: "agreement_id", type: "text" },
    { name: "year", type: "integer" },
    { name: "kronor", type: "integer", nullable: true },
    { name: "decided_on", type: "date", nullable: true },
    { name: "recorded_at", type: "instant" },
    { name: "paid", type: "boolean" },
    { name: "doc", type: "json" },
  ],
  indexes: [["decided_on"], ["paid", "year"]],
};

describe("projection table SQL", () => {
  it("creates a build's copy with native types, the group and key as primary key, and the indexes", () => {
    expect(createTableSql(`"iop"`, years, 3)).toEqual([
      `CREATE TABLE "iop"."iop_funding_years__g3" ("agreement_id" text COLLATE "C" NOT NULL, "year" bigint NOT NULL, "kronor" bigint, "decided_on" date, "recorded_at" timestamptz NOT NULL, "paid" boolean NOT NULL, "doc" jsonb NOT NULL, PRIMARY KEY ("agreement_id", "year"))`,
      `CREATE INDEX ON "iop"."iop_funding_years__g3" ("decided_on")`,
      `CREATE INDEX ON "iop"."iop_funding_years__g3" ("paid", "year")`,
    ]);
  });

  it("inserts a batch as one array per column, in the schema's column order", () => {
    const row = {
      agreement_id: "husby-konst-2022",
      year: 2022,
      kronor: null,
      decided_on: "2022-03-24",
      recorded_at: "2022-03-28T09:15:00.000Z",
      paid: false,
      doc: `{"a":1}`,
    };
    const statement = insertRowsStatement(`"iop"`, years, 1, [row, { ...row, year: 2023, kronor: 5 }]);
    expect(statement.text).toContain(
      "unnest($1::text[], $2::bigint[], $3::bigint[], $4::date[], $5::timestamptz[], $6::boolean[], $7::jsonb[])",
    );
    expect(statement.values).toEqual([
      ["husby-konst-2022", "husby-konst-2022"],
      [2022, 2023],
      [null, 5],
      ["2022-03-24", "2022-03-24"],
      ["2022-03-28T09:15:00.000Z", "2022-03-28T09:15:00.000Z"],
      [false, false],
      [`{"a":1}`, `{"a":1}`],
    ]);
  });

  it("selects from the view, every column as text, null filters as IS NULL, in group and key order", () => {
    const statement = selectStatement(`"iop"`, years, [
      ["kronor", null],
      ["decided_on", "2022-03-24"],
    ]);
    expect(statement.text).toContain(`to_char("decided_on", 'YYYY-MM-DD') AS "decided_on"`);
    expect(statement.text).toContain(`"paid"::text AS "paid"`);
    expect(statement.text).toMatch(
      /FROM "iop"\."iop_funding_years" WHERE "kronor" IS NULL AND "decided_on" = \$1::date ORDER BY "agreement_id", "year"$/,
    );
    expect(statement.values).toEqual(["2022-03-24"]);
  });

  it("replaces a view in place only when the new columns extend the old", () => {
    const added = { ...years, columns: [...years.columns, { name: "note", type: "text" as const }] };
    expect(extendsColumns(years, added)).toBe(true);
    expect(extendsColumns(added, years)).toBe(false);
    const retyped = {
      ...years,
      columns: years.columns.map((c) => (c.name === "year" ? { ...c, type: "text" as const } : c)),
    };
    expect(extendsColumns(years, retyped)).toBe(false);
  });
});
