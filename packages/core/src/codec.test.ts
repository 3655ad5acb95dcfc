import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { agreementStreamId } from "./agreement-stream.js";
import { decodeEvent } from "./codec.js";
import { AgreementCommandHandler } from "./command-handler.js";
import { EventDecodingError } from "./errors/index.js";
import type { StoredEvent } from "./store/envelope.js";

/** The Husby 2022 application as the store holds it. */
async function storedApplication(): Promise<StoredEvent> {
  const store = createMemoryStore();
  const apply = husbyHistory.find((step) => step.agreementId === husbyAgreementIds.y2022);
  if (apply === undefined) throw new Error("the fixture has the 2022 application");
  await new AgreementCommandHandler({ store }).handle(apply.agreementId, apply.command);
  const [event] = await store.readStream(agreementStreamId(husbyAgreementIds.y2022));
  if (event === undefined) throw new Error("the application was recorded");
  return event;
}

describe("decodeEvent", () => {
  it("given a stored event in its schema's form, when decoded, then it is that event, not a copy", async () => {
    const stored = await storedApplication();
    expect(decodeEvent(stored)).toBe(stored);
  });

  it("given data without a defaulted field, when decoded, then a copy has the default and the stored event is untouched", async () => {
    const stored = await storedApplication();
    const { goals: _goals, ...data } = stored.data as { goals: unknown };
    const older = { ...stored, data };
    const decoded = decodeEvent(older);
    expect(decoded).not.toBe(older);
    expect(decoded.data).toMatchObject({ goals: [] });
    expect(older.data).not.toHaveProperty("goals");
  });

  it("given data the schema refuses, when decoded, then zod's issue names the field", async () => {
    const stored = await storedApplication();
    const broken = { ...stored, data: { ...(stored.data as object), requestedKronor: 324_000.5 } };
    expect(() => decodeEvent(broken)).toThrow(EventDecodingError);
    expect(() => decodeEvent(broken)).toThrow(/data\.requestedKronor/);
  });
});
