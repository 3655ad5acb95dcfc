/**
 * One child process fuzzes one adapter and sends its tally to the parent (`main.ts`) over IPC,
 * so an input that kills the process is counted as a crash, not lost with the run. Never run by
 * hand: `pnpm fuzz` starts it.
 */
import { openTarget } from "./adapters.js";
import { fuzzStore } from "./fuzz-store.js";
import type { ChildMessage, Job } from "./job.js";

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
  );
}

const job = JSON.parse(process.argv[2] ?? "null") as Job;
const store = await openTarget(job.target);
try {
  const tally = await fuzzStore(job.target.adapter, store, {
    runs: job.runs,
    seed: job.seed,
    // A lost progress message only makes a crash report less precise.
    onProgress: (so) => void send({ kind: "progress", tally: so }).catch(() => undefined),
  });
  await send({ kind: "result", tally });
} finally {
  await store.close().catch((error: unknown) => console.error(`${job.target.adapter}: close failed`, error));
}
// The IPC channel keeps the process alive; the result is sent.
process.disconnect?.();
