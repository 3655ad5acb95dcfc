import { describe, expect, it } from "vitest";
import { eventHash, GENESIS_HASH } from "../integrity/event-hash.js";
import { EMPTY_HEAD, sealBatch, storedEventSealer } from "./seal.js";
import { prepareAppend } from "./store-input.js";

const streamId = "agreement-husby-konst-2022";
const prepared = prepareAppend(streamId, [
  {
    eventId: "0195c1f2-7a00-7000-8000-000000000001",
    type: "Applied",
    schemaVersion: 2,
    data: { requestedKronor: 324000, agreementId: "husby-konst-2022", receivedOn: "2022-01-10" },
    metadata: { commandId: "dnr-2022-123/apply", actor: "handläggare" },
  },
  { type: "Granted", schemaVersion: 1, data: { grantedKronor: 324000 } },
]);

describe("sealBatch", () => {
  const sealed = sealBatch(streamId, EMPTY_HEAD, prepared, () => "2022-03-24T20:00:00.000Z");

  it("gives each event the hash eventHash gives its envelope as a read returns it", () => {
    sealed.forEach((event) => {
      const read = {
        ...event,
        streamId,
        data: JSON.parse(event.dataJson),
        metadata: JSON.parse(event.metadataJson),
      };
      expect(event.hash).toBe(eventHash(read, event.previousHash));
    });
  });

  it("chains the batch from the head: versions on from it, each previous hash the one before", () => {
    expect(sealed.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(sealed[0]?.previousHash).toBe(GENESIS_HASH);
    expect(sealed[1]?.previousHash).toBe(sealed[0]?.hash);
    const onto = sealBatch(
      streamId,
      { version: 7, hash: "a".repeat(64) },
      prepared,
      () => "2022-03-24T20:00:00.000Z",
    );
    expect(onto.map((e) => e.streamVersion)).toEqual([8, 9]);
    expect(onto[0]?.previousHash).toBe("a".repeat(64));
    expect(onto[0]?.hash).not.toBe(sealed[0]?.hash);
  });

  it("gives stored events, stream by stream, the links sealBatch gave them on append", () => {
    const read = (event: (typeof sealed)[number]) => ({
      ...event,
      streamId,
      data: JSON.parse(event.dataJson),
      metadata: JSON.parse(event.metadataJson),
    });
    const other = sealBatch(
      "agreement-husby-konst-2023",
      EMPTY_HEAD,
      prepared,
      () => "2023-04-01T10:00:00.000Z",
    );
    const linksOf = storedEventSealer();
    for (const event of [...sealed, ...other].map((e, i) =>
      i < sealed.length ? read(e) : { ...read(e), streamId: "agreement-husby-konst-2023" },
    ))
      expect(linksOf(event)).toEqual({ previousHash: event.previousHash, hash: event.hash });
  });
});
