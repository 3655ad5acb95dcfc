import { sampleEvents } from "@iop/store-testkit";
import { describe, expect, it } from "vitest";
import { appendStatement, eventSql } from "./event-statements.js";
import { sealedEvents } from "./testing/prepared-events.js";

const sql = eventSql(`"iop"`);

describe("appendStatement", () => {
  it("sends every sealed field and the exact version the batch was sealed onto", () => {
    const first = sealedEvents("agreement-1", sampleEvents(2));
    const next = sealedEvents("agreement-1", sampleEvents(1), { version: 2, hash: first[1]?.hash as string });
    const created = appendStatement(sql, {
      streamId: "agreement-1",
      expectedVersion: "no-stream",
      events: first,
    });
    expect(created.values[1]).toBe("0");
    expect(created.values.slice(7)).toEqual([
      first.map((e) => e.recordedAt),
      first.map((e) => e.previousHash),
      first.map((e) => e.hash),
    ]);
    expect(
      appendStatement(sql, { streamId: "agreement-1", expectedVersion: 2, events: next }).values[1],
    ).toBe("2");
  });

  it("refuses an expected version the batch was not sealed onto: the versions would not be the hashed ones", () => {
    const events = sealedEvents("agreement-1", sampleEvents(1));
    for (const expectedVersion of [3, 1] as const)
      expect(() => appendStatement(sql, { streamId: "agreement-1", expectedVersion, events })).toThrow(
        /sealed from version 1/,
      );
  });
});
