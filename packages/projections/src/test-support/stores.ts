import {
  DEFAULT_READ_ALL_LIMIT,
  type EventStore,
  type ProjectionSnapshot,
  type ProjectionStore,
  type ReadAllOptions,
  type StoredEvent,
} from "@iop/core";
import { readEverything } from "@iop/store-testkit";

/** A simulated crash. */
export class Crash extends Error {}

/**
 * A projection store that crashes on chosen saves: `"before"` the write (the batch was folded
 * but nothing was saved) or `"after"` it (saved, but the runner died before going on).
 */
export class CrashingProjectionStore implements ProjectionStore {
  saves = 0;
  constructor(
    private readonly inner: ProjectionStore,
    private readonly crashes: ReadonlyMap<number, "before" | "after"> = new Map(),
    private readonly beforeSave: (snapshot: ProjectionSnapshot) => Promise<void> = async () => {},
  ) {}
  load(name: string) {
    return this.inner.load(name);
  }
  async save(snapshot: ProjectionSnapshot, expectedCheckpoint: number | null): Promise<void> {
    const n = ++this.saves;
    await this.beforeSave(snapshot);
    const crash = this.crashes.get(n);
    if (crash === "before") throw new Crash(`crash before save ${n}`);
    await this.inner.save(snapshot, expectedCheckpoint);
    if (crash === "after") throw new Crash(`crash after save ${n}`);
  }
  delete(name: string) {
    return this.inner.delete(name);
  }
}

/** An event store that shows only its first `visible` events, to let a history arrive in steps. */
export class GrowingEventStore implements EventStore {
  visible = 0;
  constructor(private readonly inner: EventStore) {}
  append: EventStore["append"] = (...args) => this.inner.append(...args);
  readStream: EventStore["readStream"] = (...args) => this.inner.readStream(...args);
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const seen = (await this.inner.readAll({ limit: this.visible })).at(-1)?.globalPosition ?? 0;
    // The visible events are a prefix of the store, so a page of them is a prefix of its page.
    return (await this.inner.readAll(options)).filter((e) => e.globalPosition <= seen);
  }
  close() {
    return this.inner.close();
  }
}

/**
 * An event store whose read-all hands back `overlap` events from before the position asked
 * for, as a retried or resumed read might: a runner must not fold them twice.
 */
export class StutteringEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly overlap: number,
  ) {}
  append: EventStore["append"] = (...args) => this.inner.append(...args);
  readStream: EventStore["readStream"] = (...args) => this.inner.readStream(...args);
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const all = await readEverything(this.inner);
    const from = all.findIndex((e) => e.globalPosition > (options.after ?? 0));
    if (from === -1) return [];
    return all.slice(Math.max(0, from - this.overlap), from + (options.limit ?? DEFAULT_READ_ALL_LIMIT));
  }
  close() {
    return this.inner.close();
  }
}
