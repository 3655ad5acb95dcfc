import { RecentlyUsed } from "../recently-used.js";
import type { StreamHead } from "./seal.js";

/** Streams whose heads a store remembers; the least recently written or read are forgotten first. */
const CAPACITY = 10_000;

/**
 * The heads of recently used streams, so an append after a read (the command handler's path)
 * chains without reading the head again. A head may be stale — another writer appended since —
 * and is then corrected by the append's conflict: the driver checks the exact version, so a
 * stale head can never chain an event onto the wrong predecessor. A head is never replaced by
 * an earlier one.
 */
export class StreamHeads extends RecentlyUsed<StreamHead> {
  constructor() {
    super(CAPACITY, (head, than) => head.version < than.version);
  }
}
