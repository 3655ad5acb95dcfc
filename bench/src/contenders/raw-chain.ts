import { randomUUID } from "node:crypto";
import { canonicalJson } from "@iop/core";
import { EMPTY_HEAD, type SealedEvent, type StreamHead, sealBatch } from "@iop/core/adapter-kit";
import type { BenchEvent } from "../data.js";

/**
 * The hash chain on the raw floor, for the chain workload's "raw + chain" writer: what a raw
 * driver must add to keep the same chain as ours — data in canonical JSON (the hash is taken over
 * it), each batch sealed with the core's `sealBatch` onto the stream's head, and the heads kept in
 * memory as the core's store keeps them. Nothing else of the core (no input checks).
 */
export class RawChain {
  private readonly heads = new Map<string, StreamHead>();

  /**
   * The batch sealed onto `streamId`'s head, stamped `recordedAt`.
   * @throws {Error} when the stream is not at `expectedVersion`: the bench appends in order.
   */
  seal(
    streamId: string,
    events: readonly BenchEvent[],
    expectedVersion: number,
    recordedAt: string,
  ): SealedEvent[] {
    const head = this.heads.get(streamId) ?? EMPTY_HEAD;
    if (head.version !== expectedVersion)
      throw new Error(`${streamId} is at ${head.version}, not at ${expectedVersion}`);
    const sealed = sealBatch(
      streamId,
      head,
      events.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        schemaVersion: e.schemaVersion,
        dataJson: canonicalJson(e.data),
        metadataJson: "{}",
      })),
      () => recordedAt,
    );
    const last = sealed[sealed.length - 1] as SealedEvent;
    this.heads.set(streamId, { version: last.streamVersion, hash: last.hash });
    return sealed;
  }
}
