import {
  agreementIdOfStream,
  type DomainEvent,
  decodeEvent,
  type EventStore,
  hasErrorCode,
  verifyStream,
} from "@iop/core";
import type { Output } from "../output.js";
import { readPastCorrupt } from "../read-past-corrupt.js";

/** What the replay knows of one agreement stream. */
interface StreamSoFar {
  version: number;
  /** The events to re-decide: those before the first one that could not be read. */
  readonly events: DomainEvent[];
  /** False from the first corrupt or undecodable event on: the decider cannot know what it said. */
  readable: boolean;
}

/**
 * Replays the whole store as an auditor would: every agreement event must decode under
 * today's schemas (upcasting old versions), every stream's versions must run 1, 2, 3… and every
 * event must be one the decider would record where it stands. A corrupt stored event is a
 * finding and the replay goes on past it. Exit 1 on any finding.
 */
export async function verifyCommand(store: EventStore, io: Output): Promise<number> {
  const streams = new Map<string, StreamSoFar>();
  let findings = 0;
  let total = 0;
  let others = 0;
  const report = (where: string, what: string) => {
    findings += 1;
    io.err(`✗ ${where}: ${what}`);
  };
  const streamOf = (streamId: string) => {
    const stream = streams.get(streamId) ?? { version: 0, events: [], readable: true };
    streams.set(streamId, stream);
    return stream;
  };

  const pages = readPastCorrupt(store, (corrupt) => {
    report(
      `${corrupt.streamId}@${corrupt.streamVersion} (position ${corrupt.globalPosition})`,
      `corrupt ${corrupt.field} ${corrupt.reason}`,
    );
    if (agreementIdOfStream(corrupt.streamId) === undefined) return;
    const stream = streamOf(corrupt.streamId);
    stream.version = corrupt.streamVersion;
    stream.readable = false;
  });
  for await (const page of pages)
    for (const stored of page) {
      total += 1;
      if (agreementIdOfStream(stored.streamId) === undefined) {
        others += 1;
        continue;
      }
      const stream = streamOf(stored.streamId);
      if (stored.streamVersion !== stream.version + 1)
        report(`${stored.streamId}@${stored.streamVersion}`, `follows version ${stream.version}`);
      stream.version = stored.streamVersion;
      try {
        const { type, data } = decodeEvent(stored);
        if (stream.readable) stream.events.push({ type, data } as DomainEvent);
      } catch (error) {
        if (!hasErrorCode(error, "EVENT_DECODING_FAILED")) throw error;
        report(`${stored.streamId}@${stored.streamVersion}`, error.message);
        stream.readable = false;
      }
    }

  for (const [streamId, { events }] of streams)
    for (const f of verifyStream(events))
      report(`${streamId} event ${f.index + 1} (${f.type})`, `${f.code}: ${f.message}`);
  const partly = [...streams.values()].filter((s) => !s.readable).length;
  io.out(
    `${total} events read, ${streams.size} agreements verified${partly > 0 ? ` (${partly} only up to an event that cannot be read)` : ""}${others > 0 ? `, ${others} events of other streams skipped` : ""}: ${findings === 0 ? "no findings" : `${findings} finding${findings === 1 ? "" : "s"}`}.`,
  );
  return findings === 0 ? 0 : 1;
}
