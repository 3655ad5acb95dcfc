import { AgreementCommandHandler, type Command, normaliseOrganisationNumber } from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stockholmRules } from "../presets/stockholm.js";
import { agreementsOfIn, countingReads, scanAgreements } from "../testing/full-scan.js";
import { agreementChain, type GeneratedAgreement } from "../testing/generated-agreements.js";
import { createValidator } from "../validator.js";
import { AgreementIndex } from "./agreement-index.js";

/** The application's organisation number of a generated chain (one organisation per chain). */
function organisationOf(chain: readonly GeneratedAgreement[]): string {
  const applied = chain[0]?.commands[0];
  if (applied?.type !== "Apply") throw new Error("a generated agreement starts with its application");
  return normaliseOrganisationNumber(applied.data.organisation.organisationNumber);
}

/** Gives chain `c`'s agreements ids of their own: every chain numbers its agreements from 0. */
function renamed(
  chain: readonly GeneratedAgreement[],
  c: number,
): { agreementId: string; command: Command }[][] {
  return chain.map((a) => {
    const agreementId = `chain-${c}-${a.agreementId}`;
    return a.commands.map((command) => ({
      agreementId,
      command: command.type === "Apply" ? { ...command, data: { ...command.data, agreementId } } : command,
    }));
  });
}

/** Several organisations' histories, their commands interleaved, with another system's events among them. */
const histories = fc.record({
  chains: fc.uniqueArray(agreementChain, { minLength: 1, maxLength: 3, selector: organisationOf }),
  pageSize: fc.integer({ min: 1, max: 8 }),
  foreignEvery: fc.integer({ min: 2, max: 20 }),
});

describe("the agreement index on generated histories", () => {
  it("property: recorded through the Stockholm rules from the index, it equals a fold from scratch, each event read once", async () => {
    let lookups = 0;
    await fc.assert(
      fc.asyncProperty(histories, async ({ chains, pageSize, foreignEvery }) => {
        const store = createMemoryStore();
        const { store: counted, reads } = countingReads(store);
        const index = new AgreementIndex(counted, { pageSize });
        const validator = createValidator(stockholmRules, {
          otherAgreements: (n) => {
            lookups++;
            return index.agreementsOf(n);
          },
        });
        const handler = new AgreementCommandHandler({ store, validator });
        // Round-robin over the chains; within a chain, agreement after agreement.
        const queues = chains.map((chain, c) => renamed(chain, c).flat());
        let foreign = 0;
        for (let step = 0; queues.some((q) => q.length > 0); step++) {
          const next = queues[step % queues.length]?.shift();
          if (next === undefined) continue;
          await handler.handle(next.agreementId, next.command);
          if (step % foreignEvery === 0)
            await store.append(
              "case-management",
              [{ type: "CaseLogged", schemaVersion: 1, data: { step } }],
              {
                expectedVersion: foreign++,
              },
            );
        }
        const scanned = await scanAgreements(store);
        for (const chain of chains) {
          const number = organisationOf(chain);
          expect(await index.agreementsOf(number)).toEqual(agreementsOfIn(scanned, number));
        }
        for (const [agreementId, summary] of scanned)
          expect(await index.agreement(agreementId)).toEqual(summary);
        // Every catch-up read only what was new: over all of them, each stored event exactly once.
        const stored = chains.flat().reduce((n, a) => n + a.commands.length, 0) + foreign;
        expect(reads.events).toBe(stored);
        expect(index.position).toBe(stored);
      }),
      { numRuns: 50 },
    );
    // Grants ask for the organisation's agreements: the rules did read from the index.
    expect(lookups).toBeGreaterThan(50);
  }, 60_000);
});
