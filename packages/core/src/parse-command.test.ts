import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { agreementStreamId } from "./agreement-stream.js";
import { decodeEvent } from "./codec.js";
import { AgreementCommandHandler } from "./command-handler.js";
import type { Command } from "./commands.js";
import { decide } from "./decide.js";
import { InvalidCommandError } from "./errors/index.js";
import { parseCommand } from "./parse-command.js";
import { initialState } from "./state.js";

const [apply, grant] = husbyHistory
  .filter((s) => s.agreementId === husbyAgreementIds.y2022)
  .map((s) => s.command) as [Command & { type: "Apply" }, Command & { type: "Grant" }];

function withGrant(patch: Record<string, unknown>): unknown {
  return { ...grant, data: { ...grant.data, ...patch } };
}

const cases: [string, unknown, string][] = [
  ["a negative amount", withGrant({ grantedKronor: -324_000 }), "data.grantedKronor"],
  ["a fractional amount (öre)", withGrant({ grantedKronor: 324_000.5 }), "data.grantedKronor"],
  ["a zero amount", withGrant({ grantedKronor: 0 }), "data.grantedKronor"],
  ["an amount as a string", withGrant({ grantedKronor: "324000" }), "data.grantedKronor"],
  [
    "a date that does not exist (2022-02-30)",
    withGrant({ period: { start: "2022-02-30", end: "2022-12-31" } }),
    "data.period.start",
  ],
  [
    "a date with a time of day",
    withGrant({ period: { start: "2022-01-01T00:00:00Z", end: "2022-12-31" } }),
    "data.period.start",
  ],
  [
    "a period that ends before it starts",
    withGrant({ period: { start: "2022-12-31", end: "2022-01-01" } }),
    "data.period.end",
  ],
  ["a decision without a body", withGrant({ decision: { date: "2022-03-24" } }), "data.decision.body"],
  ["an unknown command type", { type: "Approve", data: {} }, "type"],
  ["no data at all", { type: "Grant" }, "data"],
  ["a command that is not an object", "Grant 324 000 kr", ""],
  [
    "a misspelt field (caseNumbr)",
    withGrant({ decision: { ...grant.data.decision, caseNumbr: "Dnr 1.5.3-219-2022" } }),
    "data.decision.caseNumbr",
  ],
  [
    "an unknown field in a list item",
    withGrant({
      decision: {
        ...grant.data.decision,
        signatories: [{ role: "stadsdelsdirektör", nmae: "Toni Mellblom" }],
      },
    }),
    "data.decision.signatories.0.nmae",
  ],
  [
    "an unknown field beside type and data",
    { ...grant, agreementId: husbyAgreementIds.y2022 },
    "agreementId",
  ],
];

describe("bad input is refused with an error naming the field, and nothing is appended", () => {
  it.each(cases)("%s", async (_label, command, field) => {
    const result = decide(command as Command, initialState);
    expect(result).toBeInstanceOf(InvalidCommandError);
    expect((result as InvalidCommandError).issues.map((i) => i.field)).toContain(field);

    const store = createMemoryStore();
    const handler = new AgreementCommandHandler({ store });
    await handler.handle(husbyAgreementIds.y2022, apply);
    await expect(handler.handle(husbyAgreementIds.y2022, command as Command)).rejects.toBeInstanceOf(
      InvalidCommandError,
    );
    expect(await store.readStream(agreementStreamId(husbyAgreementIds.y2022))).toHaveLength(1);
  });

  it("reports every bad field of one command at once", () => {
    const result = decide(
      withGrant({ grantedKronor: -1, period: { start: "2022-02-30", end: "x" } }) as Command,
      initialState,
    );
    expect((result as InvalidCommandError).issues.map((i) => i.field).sort()).toEqual([
      "data.grantedKronor",
      "data.period.end",
      "data.period.start",
    ]);
  });

  it("still decodes stored events with fields the schema does not know: reading stays lenient", async () => {
    const store = createMemoryStore();
    const legacy = { ...grant.data, decision: { ...grant.data.decision, caseNumbr: "old" }, note: "x" };
    await store.append("agreement-x", [{ type: "Granted", schemaVersion: 1, data: legacy }], {
      expectedVersion: "no-stream",
    });
    const [stored] = await store.readStream("agreement-x");
    if (stored === undefined) throw new Error("stored");
    expect(decodeEvent(stored).data).toMatchObject({ grantedKronor: 324_000 });
  });

  it("refuses an application filed under another agreement's id", async () => {
    const handler = new AgreementCommandHandler({ store: createMemoryStore() });
    await expect(handler.handle("some-other-agreement", apply)).rejects.toMatchObject({
      issues: [{ field: "data.agreementId" }],
    });
  });
});

describe("a command's data is the sender's", () => {
  it("given a command in its schema's form, when parsed, then the event holds a copy: a later change by the sender reaches no event", () => {
    const once = parseCommand(grant);
    if (once instanceof InvalidCommandError) throw once;
    // Defaults filled in: nothing left for the parser to change.
    const command = { type: "Grant", data: structuredClone(once.data) } as typeof grant;
    const parsed = parseCommand(command);
    if (parsed instanceof InvalidCommandError) throw parsed;
    const decided = structuredClone(parsed.data);
    command.data.grantedKronor = 1;
    command.data.decision.body = "changed";
    expect(parsed.data).toEqual(decided);
    expect(parsed.data).toMatchObject({ grantedKronor: grant.data.grantedKronor });
  });
});
