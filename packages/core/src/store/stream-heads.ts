import type { StreamHead } from "./seal.js";

/** Streams whose heads a store remembers; the least recently used are forgotten first. */
const CAPACITY = 10_000;

/**
 * The heads of recently used streams, so an append after a read (the command handler's path)
 * chains without reading the head again. A head may be stale — another writer appended since —
 * and is then corrected by the append's conflict: the driver checks the exact version, so a
 * stale head can never chain an event onto the wrong predecessor.
 */
export class StreamHeads {
  readonly #heads = new Map<string, StreamHead>();

  get(streamId: string): StreamHead | undefined {
    const head = this.#heads.get(streamId);
    if (head !== undefined) {
      this.#heads.delete(streamId);
      this.#heads.set(streamId, head);
    }
    return head;
  }

  /** Remembers `head` unless a later one is known (reads and appends may finish out of order). */
  set(streamId: string, head: StreamHead): void {
    const known = this.#heads.get(streamId);
    if (known !== undefined && known.version > head.version) return;
    this.#heads.delete(streamId);
    this.#heads.set(streamId, head);
    if (this.#heads.size > CAPACITY) this.#heads.delete(this.#heads.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.#heads.delete(streamId);
  }
}
