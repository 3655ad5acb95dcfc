import { husbyAgreementIds, husbyHistory, rinkebyKista } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { agreementStreamId } from "./agreement-stream.js";
import { decodeEvent } from "./codec.js";
import { AgreementCommandHandler } from "./command-handler.js";
import { EventDecodingError } from "./errors/index.js";
import type { AppliedDataV1 } from "./events/application-events.js";
import { UpcasterRegistry } from "./upcasting.js";

const applyCommand = husbyHistory.find((s) => s.agreementId === husbyAgreementIds.y2022)?.command;
if (applyCommand?.type !== "Apply") throw new Error("fixture must start with an application");
const { publicParties: _parties, ...rest } = applyCommand.data;
/** An `Applied` event exactly as version 1 of the schema wrote it: one public party. */
const appliedV1: AppliedDataV1 = {
  ...(rest as Omit<AppliedDataV1, "publicParty">),
  publicParty: rinkebyKista,
};

describe("schema evolution", () => {
  it("an Applied v1 event written today still replays after v2 was added", async () => {
    const store = createMemoryStore();
    const streamId = agreementStreamId(husbyAgreementIds.y2022);
    await store.append(streamId, [{ type: "Applied", schemaVersion: 1, data: appliedV1 }], {
      expectedVersion: "no-stream",
    });
    const handler = new AgreementCommandHandler({ store });
    const loaded = await handler.load(husbyAgreementIds.y2022);
    expect(loaded.state.publicParties).toEqual([rinkebyKista]);
    expect(loaded.events[0]?.schemaVersion).toBe(1);

    // The upcast history goes on as any other: the 2022 grant can be decided on it.
    const grant = husbyHistory.filter((s) => s.agreementId === husbyAgreementIds.y2022)[1];
    if (grant === undefined) throw new Error("fixture has a grant");
    const handled = await handler.handle(grant.agreementId, grant.command);
    expect(handled.state.status).toBe("granted");
    expect((await store.readStream(streamId))[0]).toMatchObject({
      schemaVersion: 1,
      data: { publicParty: rinkebyKista },
    });
  });

  it("refuses to read a version it has no upcaster for, naming the event", async () => {
    const store = createMemoryStore();
    await store.append("agreement-x", [{ type: "Applied", schemaVersion: 1, data: appliedV1 }], {
      expectedVersion: "no-stream",
    });
    const [stored] = await store.readStream("agreement-x");
    if (stored === undefined) throw new Error("stored");
    expect(() => decodeEvent(stored, new UpcasterRegistry())).toThrow(EventDecodingError);
    expect(() => decodeEvent({ ...stored, schemaVersion: 9 })).toThrow(/newer than this library knows/);
    expect(() => decodeEvent({ ...stored, type: "Approved" })).toThrow(/not an event type/);
    expect(() => decodeEvent({ ...stored, schemaVersion: 2 })).toThrow(/data\.publicParties/);
  });

  it("lets a user register more upcasters, one per type and version", () => {
    const registry = new UpcasterRegistry().with({ type: "Granted", fromVersion: 1, upcast: (d) => d });
    expect(() => registry.register({ type: "Granted", fromVersion: 1, upcast: (d) => d })).toThrow(
      /already registered/,
    );
    expect(registry.upcast("Granted", 1, 2, { a: 1 })).toEqual({ a: 1 });
    expect(registry.upcast("Granted", 1, 3, { a: 1 })).toBeUndefined();
  });
});
