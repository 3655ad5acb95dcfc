import { StoreClosedError } from "@iop/core";
import { expect, it } from "vitest";
import type { HarnessFactory } from "./harness.js";
import { sampleEvents, uniqueStreamId } from "./sample-events.js";

/** After `close()` every call throws `StoreClosedError`; closing again is harmless. */
export function closeTests(factory: HarnessFactory): void {
  it("refuses use after close", async () => {
    // A harness of its own, so closing takes down no store the other tests use. It closes the
    // second client, which is the store itself where there is no such notion (in memory).
    const h = await factory();
    try {
      const client = await h.connectAnother();
      const id = uniqueStreamId("closed");
      await client.append(id, sampleEvents(1), { expectedVersion: "no-stream" });
      await client.close();
      await expect(client.append(id, sampleEvents(1), { expectedVersion: "any" })).rejects.toBeInstanceOf(
        StoreClosedError,
      );
      await expect(client.readStream(id)).rejects.toBeInstanceOf(StoreClosedError);
      await expect(client.readAll()).rejects.toBeInstanceOf(StoreClosedError);
      await expect(client.close()).resolves.toBeUndefined();
    } finally {
      await h.dispose();
    }
  });
}
