import { encodeEvent, fold } from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkClocks } from "../clocks.js";
import { runLive } from "../run-live.js";
import { agreementEvents, agreementSpec } from "../test-support/generate.js";
import { viewOf } from "./agreement-view.js";
import { registerProjection } from "./register.js";

/** 1–4 generated agreements, each with its own id. */
const specs = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => agreementSpec(`gen-${i}`))));

describe("the built-in view is the core's fold", () => {
  it("has the status, period, granted kronor and public parties `fold` gives, for any generated agreements", async () => {
    await fc.assert(
      fc.asyncProperty(specs, async (generated) => {
        const store = createMemoryStore();
        for (const spec of generated)
          await store.append(
            `agreement-${spec.id}`,
            agreementEvents(spec).map((e) => encodeEvent(e)),
            {
              expectedVersion: "no-stream",
            },
          );
        const state = await runLive(registerProjection, store);
        for (const spec of generated) {
          const core = fold(agreementEvents(spec));
          const view = viewOf(spec.id, state[spec.id] ?? [], checkClocks());
          expect(view).toMatchObject({
            agreementId: core.agreementId,
            status: core.status,
            period: core.period ?? null,
            grantedKronor: core.grantedKronor ?? null,
            publicParties: core.publicParties.map((p) => ({
              name: p.name,
              organisationNumber: p.organisationNumber ?? null,
            })),
          });
        }
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
