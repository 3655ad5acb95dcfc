import {
  type GroupChange,
  InvalidStoreInputError,
  ProjectionConflictError,
  type ProjectionTables,
  type TableRow,
  type TableSchema,
} from "@iop/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { propertyRuns } from "./event-store-conformance.js";
import type { ProjectionTablesHarness } from "./harness.js";

let tableCounter = 0;
/** A table name no other test (or earlier run on the same database) uses. */
function uniqueTable(prefix: string): string {
  tableCounter += 1;
  return `${prefix}_${Date.now().toString(36)}_${tableCounter}_${Math.floor(Math.random() * 1e6)}`;
}

/** A register-like table with a column of every type, and a second table of several rows per group. */
function schemasFor(prefix: string): [TableSchema, TableSchema] {
  return [
    {
      name: uniqueTable(`${prefix}_reg`),
      group: "agreement_id",
      key: [],
      columns: [
        { name: "agreement_id", type: "text" },
        { name: "organisation_number", type: "text", nullable: true },
        { name: "granted_kronor", type: "integer", nullable: true },
        { name: "in_force", type: "boolean" },
        { name: "granted_on", type: "date", nullable: true },
        { name: "recorded_at", type: "instant" },
        { name: "doc", type: "json" },
      ],
      indexes: [["organisation_number"]],
    },
    {
      name: uniqueTable(`${prefix}_years`),
      group: "agreement_id",
      key: ["year"],
      columns: [
        { name: "agreement_id", type: "text" },
        { name: "year", type: "integer" },
        { name: "kronor", type: "integer" },
      ],
    },
  ];
}

/** The Husby 2022 agreement's register row, as the real case has it. */
function husbyRow(agreementId: string, kronor: number | null): TableRow {
  return {
    agreement_id: agreementId,
    organisation_number: "802400-1235",
    granted_kronor: kronor,
    in_force: kronor !== null,
    granted_on: kronor === null ? null : "2022-03-24",
    recorded_at: "2022-03-28T09:15:00.000Z",
    doc: { organisation: "Husby Konst- och Hantverksförening", år: [2022], "🎨": null, nested: { n: 1.5 } },
  };
}

function change(
  group: string,
  rows: Record<string, readonly TableRow[]>,
  state: GroupChange["state"] = { group },
) {
  return { group, state, rows };
}

/**
 * The suite every adapter's projection tables run: builds that readers only see once
 * published, atomic batches that move from the checkpoint they expect, rows that read back
 * exactly as written, and typed refusals of rows that do not fit.
 */
export function describeProjectionTablesConformance(
  name: string,
  factory: () => Promise<ProjectionTablesHarness>,
): void {
  describe(`${name} projection tables conformance`, () => {
    let h: ProjectionTablesHarness;
    let t: ProjectionTables;
    beforeAll(async () => {
      h = await factory();
      t = h.tables;
    });
    afterAll(async () => {
      await h?.dispose();
    });

    const projectionName = (label: string) => `conformance.${uniqueTable(label)}`;

    it("knows nothing of a projection never built", async () => {
      expect(await t.catalog(projectionName("none"))).toEqual({ live: null, building: null });
      expect(await t.liveStates(projectionName("none"))).toBeUndefined();
    });

    it("shows a build to readers only once it is published, rows and states as written", async () => {
      const p = projectionName("publish");
      const [reg, years] = schemasFor("pub");
      const build = await t.prepare(p, 1, [reg, years]);
      expect(build).toEqual({ generation: 1, checkpoint: 0, live: false });
      const schemas = [reg, years];
      await t.commit(
        p,
        { generation: 1, schemas },
        {
          expectedCheckpoint: 0,
          checkpoint: 7,
          changes: [
            change("husby-2022", {
              [reg.name]: [husbyRow("husby-2022", 324_000)],
              [years.name]: [{ agreement_id: "husby-2022", year: 2022, kronor: 324_000 }],
            }),
          ],
        },
      );
      expect(await t.select(reg)).toEqual([]);
      expect(await t.liveStates(p)).toBeUndefined();
      await t.publish(p, 1);
      expect(await t.select(reg)).toEqual([husbyRow("husby-2022", 324_000)]);
      expect(await t.select(years)).toEqual([{ agreement_id: "husby-2022", year: 2022, kronor: 324_000 }]);
      expect(await t.liveStates(p)).toEqual(new Map([["husby-2022", { group: "husby-2022" }]]));
      expect((await t.catalog(p)).live).toMatchObject({ generation: 1, version: 1, checkpoint: 7 });
      if (h.second !== undefined)
        expect(await h.second.select(reg)).toEqual([husbyRow("husby-2022", 324_000)]);
    });

    it("replaces a group's rows in every table, leaves other groups alone, and forgets emptied groups", async () => {
      const p = projectionName("replace");
      const schemas = schemasFor("rep");
      const [reg, years] = schemas;
      await t.prepare(p, 1, schemas);
      const at = { generation: 1, schemas };
      await t.commit(p, at, {
        expectedCheckpoint: 0,
        checkpoint: 2,
        changes: ["a", "b"].map((g) =>
          change(g, {
            [reg.name]: [husbyRow(g, 100)],
            [years.name]: [2022, 2023].map((year) => ({ agreement_id: g, year, kronor: 50 })),
          }),
        ),
      });
      await t.publish(p, 1);
      await t.commit(p, at, {
        expectedCheckpoint: 2,
        checkpoint: 3,
        changes: [change("a", { [reg.name]: [husbyRow("a", 200)], [years.name]: [] }), change("b", {}, null)],
      });
      expect(await t.select(reg)).toEqual([husbyRow("a", 200)]);
      expect(await t.select(years)).toEqual([]);
      expect(await t.states(p, 1, ["a", "b"])).toEqual(new Map([["a", { group: "a" }]]));
    });

    it("refuses a batch from a stale checkpoint and keeps what was stored", async () => {
      const p = projectionName("stale");
      const schemas = schemasFor("stale");
      const [reg] = schemas;
      await t.prepare(p, 1, schemas);
      const at = { generation: 1, schemas };
      await t.commit(p, at, {
        expectedCheckpoint: 0,
        checkpoint: 5,
        changes: [change("a", { [reg.name]: [husbyRow("a", 1)] })],
      });
      await t.publish(p, 1);
      await expect(
        t.commit(p, at, {
          expectedCheckpoint: 3,
          checkpoint: 9,
          changes: [change("a", { [reg.name]: [husbyRow("a", 2)] })],
        }),
      ).rejects.toBeInstanceOf(ProjectionConflictError);
      expect(await t.select(reg)).toEqual([husbyRow("a", 1)]);
      expect((await t.catalog(p)).live?.checkpoint).toBe(5);
    });

    it.each([
      ["a date that is not a calendar date", { granted_on: "2022-02-30" }, "granted_on"],
      ["a fractional amount", { granted_kronor: 1.5 }, "granted_kronor"],
      ["null in a column that is not nullable", { in_force: null }, "in_force"],
      ["an instant without milliseconds", { recorded_at: "2022-03-28T09:15:00Z" }, "recorded_at"],
      ["a column the table does not have", { colour: "red" }, "colour"],
      ["JSON that is not JSON", { doc: { n: Number.NaN } }, "doc"],
    ])("refuses a batch with %s, naming the field, and writes nothing of it", async (_label, bad, field) => {
      const p = projectionName("bad");
      const schemas = schemasFor("bad");
      const [reg] = schemas;
      await t.prepare(p, 1, schemas);
      const at = { generation: 1, schemas };
      const error = await t
        .commit(p, at, {
          expectedCheckpoint: 0,
          checkpoint: 1,
          changes: [
            change("good", { [reg.name]: [husbyRow("good", 1)] }),
            change("bad", { [reg.name]: [{ ...husbyRow("bad", 1), ...bad }] }),
          ],
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidStoreInputError);
      // A JSON column's field names the path inside it too.
      expect(
        (error as InvalidStoreInputError).field.startsWith(`changes[1].rows.${reg.name}[0].${field}`),
      ).toBe(true);
      expect(await t.states(p, 1, ["good"])).toEqual(new Map());
      expect((await t.catalog(p)).building?.checkpoint).toBe(0);
    });

    it("refuses a row of another group than its change's", async () => {
      const p = projectionName("group");
      const schemas = schemasFor("grp");
      await t.prepare(p, 1, schemas);
      await expect(
        t.commit(
          p,
          { generation: 1, schemas },
          {
            expectedCheckpoint: 0,
            checkpoint: 1,
            changes: [change("a", { [schemas[0].name]: [husbyRow("b", 1)] })],
          },
        ),
      ).rejects.toThrow(/agreement_id: must be the group a/);
    });

    it("rebuilds a new version beside the live one and switches readers over when published", async () => {
      const p = projectionName("rebuild");
      const schemas = schemasFor("rb");
      const [reg] = schemas;
      await t.prepare(p, 1, schemas);
      await t.commit(
        p,
        { generation: 1, schemas },
        {
          expectedCheckpoint: 0,
          checkpoint: 4,
          changes: [change("old", { [reg.name]: [husbyRow("old", 1)] })],
        },
      );
      await t.publish(p, 1);
      const next = await t.prepare(p, 2, schemas);
      expect(next).toEqual({ generation: 2, checkpoint: 0, live: false });
      await t.commit(
        p,
        { generation: 2, schemas },
        {
          expectedCheckpoint: 0,
          checkpoint: 4,
          changes: [change("new", { [reg.name]: [husbyRow("new", 2)] })],
        },
      );
      expect(await t.select(reg)).toEqual([husbyRow("old", 1)]);
      // A runner restarted mid-build resumes the build rather than starting another.
      expect(await t.prepare(p, 2, schemas)).toEqual({ generation: 2, checkpoint: 4, live: false });
      await t.publish(p, 2);
      expect(await t.select(reg)).toEqual([husbyRow("new", 2)]);
      expect(await t.states(p, 1, ["old"])).toEqual(new Map());
      expect(await t.prepare(p, 2, schemas)).toEqual({ generation: 2, checkpoint: 4, live: true });
      // `rebuild` starts a fresh build of the same version.
      expect(await t.prepare(p, 2, schemas, { rebuild: true })).toEqual({
        generation: 3,
        checkpoint: 0,
        live: false,
      });
      expect(await t.select(reg)).toEqual([husbyRow("new", 2)]);
    });

    it("refuses the same version with other tables, and a table another projection owns", async () => {
      const p = projectionName("schema");
      const schemas = schemasFor("sch");
      await t.prepare(p, 1, schemas);
      await t.publish(p, 1);
      const widened: TableSchema = {
        ...schemas[1],
        columns: [...schemas[1].columns, { name: "extra", type: "text", nullable: true }],
      };
      await expect(t.prepare(p, 1, [schemas[0], widened])).rejects.toThrow(/bump the projection's version/);
      await expect(t.prepare(projectionName("thief"), 1, [schemas[0]])).rejects.toThrow(
        new RegExp(`${schemas[0].name} belongs to projection`),
      );
    });

    it("refuses bad schemas with a typed error naming the field", async () => {
      const [reg] = schemasFor("badschema");
      const cases: [TableSchema, string][] = [
        [{ ...reg, name: "Register; DROP TABLE x" }, "tables[0].name"],
        [{ ...reg, group: "missing" }, "tables[0].group"],
        [{ ...reg, key: ["granted_kronor"] }, "tables[0].key"],
        [{ ...reg, columns: [...reg.columns, { name: "doc", type: "json" }] }, "tables[0].columns[7].name"],
      ];
      for (const [schema, field] of cases) {
        const error = await t.prepare(projectionName("badschema"), 1, [schema]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidStoreInputError);
        expect((error as InvalidStoreInputError).field).toBe(field);
      }
    });

    it("filters live rows on typed columns, and pages group states in group order", async () => {
      const p = projectionName("filter");
      const schemas = schemasFor("flt");
      const [reg] = schemas;
      await t.prepare(p, 1, schemas);
      const groups = ["c", "a", "ö", "b", "A"];
      await t.commit(
        p,
        { generation: 1, schemas },
        {
          expectedCheckpoint: 0,
          checkpoint: 9,
          changes: groups.map((g, i) => change(g, { [reg.name]: [husbyRow(g, i % 2 === 0 ? 10 : null)] })),
        },
      );
      await t.publish(p, 1);
      expect((await t.select(reg, [["in_force", true]])).map((r) => r.agreement_id)).toEqual(["A", "c", "ö"]);
      expect((await t.select(reg, [["granted_kronor", null]])).map((r) => r.agreement_id)).toEqual([
        "a",
        "b",
      ]);
      expect(
        (
          await t.select(reg, [
            ["granted_on", "2022-03-24"],
            ["agreement_id", "c"],
          ])
        ).length,
      ).toBe(1);
      await expect(t.select(reg, [["colour", "red"]])).rejects.toBeInstanceOf(InvalidStoreInputError);
      const first = await t.liveStates(p, { limit: 2 });
      expect([...(first?.keys() ?? [])]).toEqual(["A", "a"]);
      const rest = await t.liveStates(p, { afterGroup: "a", limit: 10 });
      expect([...(rest?.keys() ?? [])]).toEqual(["b", "c", "ö"]);
    });

    it("drop forgets the tables, states and catalog", async () => {
      const p = projectionName("drop");
      const schemas = schemasFor("drp");
      await t.prepare(p, 1, schemas);
      await t.publish(p, 1);
      await t.drop(p);
      expect(await t.catalog(p)).toEqual({ live: null, building: null });
      // The names are free again.
      expect(await t.prepare(projectionName("reuse"), 1, schemas)).toMatchObject({ generation: 1 });
    });

    it("reads back what any sequence of batches wrote (property)", async () => {
      const groupArb = fc.constantFrom("a", "b", "c", "husby-2019", "Spånga");
      const rowsArb = fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null });
      const batchArb = fc.array(
        fc.tuple(groupArb, rowsArb, fc.array(fc.integer({ min: 2019, max: 2030 }), { maxLength: 4 })),
        { maxLength: 6 },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(batchArb, { minLength: 1, maxLength: 5 }), async (batches) => {
          const p = projectionName("prop");
          const schemas = schemasFor("prop");
          const [reg, years] = schemas;
          await t.prepare(p, 1, schemas);
          const model = new Map<string, { reg: TableRow[]; years: TableRow[] }>();
          let checkpoint = 0;
          for (const batch of batches) {
            const unique = new Map(batch.map(([g, kronor, ys]) => [g, { kronor, ys: [...new Set(ys)] }]));
            const changes = [...unique].map(([g, { kronor, ys }]) => {
              const rows = {
                reg: kronor === null ? [] : [husbyRow(g, kronor)],
                years: ys.map((year) => ({ agreement_id: g, year, kronor: kronor ?? 0 })),
              };
              if (rows.reg.length + rows.years.length === 0) model.delete(g);
              else model.set(g, rows);
              return change(g, { [reg.name]: rows.reg, [years.name]: rows.years });
            });
            await t.commit(
              p,
              { generation: 1, schemas },
              { expectedCheckpoint: checkpoint, checkpoint: checkpoint + 1, changes },
            );
            checkpoint += 1;
          }
          await t.publish(p, 1);
          const order = [...model.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(await t.select(reg)).toEqual(order.flatMap((g) => model.get(g)?.reg ?? []));
          expect(await t.select(years)).toEqual(
            order.flatMap((g) =>
              [...(model.get(g)?.years ?? [])].sort((x, y) => Number(x.year) - Number(y.year)),
            ),
          );
          await t.drop(p);
        }),
        { numRuns: propertyRuns(15) },
      );
    });
  });
}
