import { husbyAgreementIds, husbyHistory, rinkebyKista2022 } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreementStreamId } from "./agreement-stream.js";
import { AgreementCommandHandler } from "./command-handler.js";
import type { Command } from "./commands.js";
import { InvalidCommandError } from "./errors/index.js";
import { readAllPages } from "./store/read-pages.js";
import {
  createHandleJudge,
  describeHostileCall,
  hostileCallArbitrary,
  revokedProxy,
} from "./testing/index.js";

const [apply, grant] = husbyHistory.filter((s) => s.agreementId === husbyAgreementIds.y2022) as [
  (typeof husbyHistory)[number],
  (typeof husbyHistory)[number],
];
const grantData = grant.command.data as Record<string, unknown>;

async function storedCount(store: ReturnType<typeof createMemoryStore>): Promise<number> {
  let count = 0;
  for await (const page of readAllPages(store)) count += page.length;
  return count;
}

/** Handles `command` on the 2022 Husby agreement after its application: the error and what was stored. */
async function refusalOf(command: unknown, agreementId: unknown = apply.agreementId) {
  const store = createMemoryStore();
  const handler = new AgreementCommandHandler({ store });
  await handler.handle(apply.agreementId, apply.command, apply.context);
  const error = await handler
    .handle(agreementId as string, command as Command, grant.context)
    .catch((e: unknown) => e);
  return {
    error: error as InvalidCommandError,
    streamLength: (await store.readStream(agreementStreamId(apply.agreementId))).length,
    stored: await storedCount(store),
  };
}

function nested(depth: number): unknown {
  let value: unknown = { role: "stadsdelsdirektör" };
  for (let i = 1; i < depth; i++) value = { inner: value };
  return value;
}

const cyclicDecision: Record<string, unknown> = { ...(grantData.decision as object) };
cyclicDecision.self = cyclicDecision;

describe("AgreementCommandHandler.handle with hostile commands", () => {
  it.each([
    ["a BigInt field", { grantedKronor: 324_000n }, "data.grantedKronor", /JSON value/],
    ["a cyclic command", { decision: cyclicDecision }, "data.decision.self", /contain itself/],
    ["a 10 000-deep nested command", { decision: nested(10_000) }, "data.decision", /nest deeper/],
    [
      "a getter",
      {
        period: Object.defineProperty({ start: "2022-01-01" }, "end", {
          enumerable: true,
          get: () => "2022-12-31",
        }),
      },
      "data.period.end",
      /getter/,
    ],
    [
      "a proxy",
      { period: new Proxy({ start: "2022-01-01", end: "2022-12-31" }, {}) },
      "data.period",
      /proxy/,
    ],
  ])(
    "refuses %s with an InvalidCommandError naming the field, appending nothing",
    async (_label, patch, field, message) => {
      const { error, streamLength, stored } = await refusalOf({
        ...grant.command,
        data: { ...grantData, ...patch },
      });
      expect(error).toBeInstanceOf(InvalidCommandError);
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.field).toMatch(new RegExp(`^${field.replace(/\./g, "\\.")}`));
      expect(error.issues[0]?.message).toMatch(message);
      expect([streamLength, stored]).toEqual([1, 1]);
    },
  );

  // Regression: a non-string id reached `agreement-${id}` and threw a TypeError (a symbol, a
  // revoked proxy) or read another agreement's stream (the number 5 read "agreement-5").
  it.each([
    ["a symbol", Symbol("id"), /must be a string/],
    ["a revoked proxy", revokedProxy(), /must be a string/],
    ["a number", 5, /must be a string/],
    ["an empty string", "", /must not be empty/],
    ["blanks around the id", ` ${apply.agreementId} `, /blanks/],
    ["201 characters", "x".repeat(201), /at most 200/],
  ])(
    "refuses %s as the agreement id, on field agreementId, appending nothing",
    async (_label, id, message) => {
      const { error, stored } = await refusalOf(grant.command, id);
      expect(error).toBeInstanceOf(InvalidCommandError);
      expect(error.issues).toEqual([{ field: "agreementId", message: expect.stringMatching(message) }]);
      expect(stored).toBe(1);
    },
  );

  it("refuses a hostile agreement id when loading, too", async () => {
    const handler = new AgreementCommandHandler({ store: createMemoryStore() });
    await expect(handler.load(Symbol("id") as unknown as string)).rejects.toBeInstanceOf(InvalidCommandError);
  });

  it(`every hostile call built from the fixtures is accepted and read back identical, or refused with nothing stored (${propertyRuns(200)} runs)`, async () => {
    const judge = createHandleJudge(createMemoryStore());
    await fc.assert(
      fc.asyncProperty(hostileCallArbitrary([husbyHistory, rinkebyKista2022]), async (hostile) => {
        const { verdict, error, detail } = await judge.judge(hostile);
        expect(
          ["accepted", "refused"],
          `${describeHostileCall(hostile)}: ${String(error)} ${detail ?? ""}`,
        ).toContain(verdict);
      }),
      { numRuns: propertyRuns(200) },
    );
  }, 120_000);
});
