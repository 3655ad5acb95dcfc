import { propertyRuns } from "@iop/store-testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalEnvelope,
  eventHash,
  GENESIS_HASH,
  HASH_PATTERN,
  type HashedEnvelope,
  isHash,
} from "./event-hash.js";

// The worked example of docs/integrity.md: the first event of the Husby 2022 agreement.
const applied: HashedEnvelope = {
  eventId: "0195c1f2-7a00-7000-8000-000000000001",
  streamId: "agreement-husby-konst-2022",
  streamVersion: 1,
  type: "Applied",
  schemaVersion: 2,
  data: { agreementId: "husby-konst-2022", receivedOn: "2022-01-10", requestedKronor: 324000 },
  metadata: { actor: "handläggare", commandId: "dnr-2022-123/apply" },
  recordedAt: "2022-01-10T09:00:00.000Z",
};

describe("event hashes", () => {
  it("serialise the envelope as JCS: sorted keys, no whitespace, previous hash included", () => {
    expect(canonicalEnvelope(applied, GENESIS_HASH)).toBe(
      '{"data":{"agreementId":"husby-konst-2022","receivedOn":"2022-01-10","requestedKronor":324000},' +
        '"eventId":"0195c1f2-7a00-7000-8000-000000000001",' +
        '"metadata":{"actor":"handläggare","commandId":"dnr-2022-123/apply"},' +
        `"previousHash":"${GENESIS_HASH}","recordedAt":"2022-01-10T09:00:00.000Z","schemaVersion":2,` +
        '"streamId":"agreement-husby-konst-2022","streamVersion":1,"type":"Applied"}',
    );
  });

  it("are SHA-256 of that text, and any change to the envelope or its predecessor changes them", () => {
    const hash = eventHash(applied, GENESIS_HASH);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(
      eventHash(
        { ...applied, data: { ...(applied.data as object), requestedKronor: 3_240_000 } },
        GENESIS_HASH,
      ),
    ).not.toBe(hash);
    expect(eventHash({ ...applied, recordedAt: "2022-01-09T09:00:00.000Z" }, GENESIS_HASH)).not.toBe(hash);
    expect(eventHash(applied, hash)).not.toBe(hash);
    // Key order does not matter; the canonical form decides.
    expect(
      eventHash(
        {
          ...applied,
          data: { requestedKronor: 324000, receivedOn: "2022-01-10", agreementId: "husby-konst-2022" },
        },
        GENESIS_HASH,
      ),
    ).toBe(hash);
  });

  it("orders keys by UTF-16 code units, as RFC 8785 requires", () => {
    const text = canonicalEnvelope(
      { ...applied, data: { "€": 1, "\u00e5": 2, "\ud83c\udfa8": 3, a: 4 } },
      GENESIS_HASH,
    );
    expect(text.slice(0, text.indexOf("}") + 1)).toBe('{"data":{"a":4,"å":2,"€":1,"🎨":3}');
  });
});

describe("isHash", () => {
  it("accepts exactly what HASH_PATTERN matches", () => {
    const hexish = fc.string({
      unit: fc.constantFrom(..."0123456789abcdefABCDEFg/:`@ \n"),
      minLength: 62,
      maxLength: 66,
    });
    fc.assert(
      fc.property(fc.oneof(hexish, fc.string()), (value) => {
        expect(isHash(value)).toBe(HASH_PATTERN.test(value));
      }),
      { numRuns: propertyRuns(5000) },
    );
    expect(isHash(GENESIS_HASH)).toBe(true);
    expect(isHash(eventHash(applied, GENESIS_HASH))).toBe(true);
    for (const value of [
      undefined,
      null,
      64,
      `${GENESIS_HASH}\n`,
      GENESIS_HASH.toUpperCase().replace(/0/g, "A"),
    ])
      expect(isHash(value)).toBe(false);
  });
});
