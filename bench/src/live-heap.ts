import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A child runs without --expose-gc (its flags are the workload's); V8 still hands the collector
// to a new context once the flag is set.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** The live heap after a full collection, in kilobytes. */
function liveHeapKb(): number {
  collect();
  collect();
  return Math.round(process.memoryUsage().heapUsed / 1024);
}

/**
 * The live heap a result holds, in kilobytes: the heap while it is held, less the heap once
 * `release` has let go of it. Measured after the timed work, so it adds to no time.
 */
export function retainedKb(release: () => void): number {
  const holding = liveHeapKb();
  release();
  return Math.max(0, holding - liveHeapKb());
}
