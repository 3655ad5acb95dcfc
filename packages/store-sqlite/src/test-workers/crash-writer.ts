/**
 * A worker of the crash test: commits a small batch, then starts one huge batch and is meant
 * to be killed with SIGKILL while it runs. It writes `appending` to stdout (synchronously)
 * just before the huge append and `done` after it.
 * Usage: crash-writer.ts <path> <events>
 */
import { writeSync } from "node:fs";
import type { NewEvent } from "@iop/core";
import { openSqliteStore } from "../open-sqlite-store.js";

const [path, countArg] = process.argv.slice(2);
if (path === undefined) throw new Error("usage: <path> <events>");
const count = Number(countArg);

const store = await openSqliteStore({ path });
await store.append(
  "committed-before",
  Array.from({ length: 10 }, (_, i) => ({ type: "Before", schemaVersion: 1, data: { i } })),
  { expectedVersion: "no-stream" },
);
const batch: NewEvent[] = Array.from({ length: count }, (_, i) => ({
  type: "PeriodReported",
  schemaVersion: 1,
  data: {
    i,
    summary: "Konstakuten nådde barn och unga i Husby och Järva under rapportperioden",
    activities: [{ name: "Art Camp", occasions: i % 12, participants: 20 + (i % 40) }],
  },
  metadata: { actor: "case-officer", correlationId: `corr-${i}` },
}));
writeSync(1, "appending\n");
await store.append("huge", batch, { expectedVersion: "no-stream" });
writeSync(1, "done\n");
await store.close();
