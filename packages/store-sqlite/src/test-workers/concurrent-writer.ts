/**
 * A worker of the multi-process test: opens the store, reports `ready`, waits for `go`, then
 * appends with exact expected versions to shared streams, retrying on ConcurrencyError.
 * Usage: concurrent-writer.ts <path> <worker> <appends> <streams>
 */
import { setTimeout as sleep } from "node:timers/promises";
import { ConcurrencyError } from "@iop/core";
import { openSqliteStore } from "../open-sqlite-store.js";

const [path, worker, appendsArg, streamsArg] = process.argv.slice(2);
if (path === undefined || worker === undefined) throw new Error("usage: <path> <worker> <appends> <streams>");
const appends = Number(appendsArg);
const streams = Number(streamsArg);
const send = (message: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    process.send?.(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
  });

const store = await openSqliteStore({ path, busyTimeoutMs: 60_000 });
const go = new Promise((resolve) => process.once("message", resolve));
await send({ type: "ready" });
await go;

// Both workers create the same stream expecting it not to exist: exactly one must lose.
let raceActual: number | null = null;
try {
  await store.append("race", [{ type: "RaceWon", schemaVersion: 1, data: { worker } }], {
    expectedVersion: "no-stream",
  });
} catch (error) {
  if (!(error instanceof ConcurrencyError)) throw error;
  raceActual = error.actual;
}

// Then contend: each worker remembers the versions it last saw, which the other keeps making stale.
const known = new Map<string, number>();
let seq = 0;
let conflicts = 0;
for (let i = 0; i < appends; i++) {
  const stream = `shared-${(i * 7 + Number(worker)) % streams}`;
  const size = 1 + (i % 3);
  const batch = Array.from({ length: size }, (_, k) => ({
    type: "Counted",
    schemaVersion: 1,
    data: { worker, seq: seq + k },
  }));
  for (;;) {
    try {
      const result = await store.append(stream, batch, { expectedVersion: known.get(stream) ?? 0 });
      known.set(stream, result.streamVersion);
      break;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      conflicts += 1;
      known.set(stream, error.actual);
    }
  }
  seq += size;
  // Let go of the CPU between appends so the other worker's turns interleave with ours rather
  // than waiting in SQLite's busy handler until this loop ends.
  await sleep(1);
}
await store.close();
await send({ type: "done", events: seq, conflicts, raceActual });
process.disconnect();
