import {
  agreementIdOfStream,
  type DomainEvent,
  decodeEvent,
  EventDecodingError,
  type EventStore,
  verifyStream,
} from "@iop/core";
import type { Output } from "../output.js";
import { readEverything } from "../read-everything.js";

/**
 * Replays the whole store as an auditor would: every agreement event must decode under
 * today's schemas (upcasting old versions), every stream's versions must run 1, 2, 3… and every
 * event must be one the decider would record where it stands. Exit 1 on any finding.
 */
export async function verifyCommand(store: EventStore, io: Output): Promise<number> {
  const streams = new Map<string, { version: number; events: DomainEvent[] }>();
  let findings = 0;
  let total = 0;
  let others = 0;
  const report = (where: string, what: string) => {
    findings += 1;
    io.err(`✗ ${where}: ${what}`);
  };
  for await (const stored of readEverything(store)) {
    total += 1;
    if (agreementIdOfStream(stored.streamId) === undefined) {
      others += 1;
      continue;
    }
    const stream = streams.get(stored.streamId) ?? { version: 0, events: [] };
    streams.set(stored.streamId, stream);
    if (stored.streamVersion !== stream.version + 1)
      report(`${stored.streamId}@${stored.streamVersion}`, `follows version ${stream.version}`);
    stream.version = stored.streamVersion;
    try {
      const { type, data } = decodeEvent(stored);
      stream.events.push({ type, data } as DomainEvent);
    } catch (error) {
      if (!(error instanceof EventDecodingError)) throw error;
      report(`${stored.streamId}@${stored.streamVersion}`, error.message);
    }
  }
  for (const [streamId, { events }] of streams)
    for (const f of verifyStream(events))
      report(`${streamId} event ${f.index + 1} (${f.type})`, `${f.code}: ${f.message}`);
  io.out(
    `${total} events read, ${streams.size} agreements verified${others > 0 ? `, ${others} events of other streams skipped` : ""}: ${findings === 0 ? "no findings" : `${findings} findings`}.`,
  );
  return findings === 0 ? 0 : 1;
}
