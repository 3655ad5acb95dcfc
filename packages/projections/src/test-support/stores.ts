import type { EventStore, ProjectionSnapshot, ProjectionStore, ReadAllOptions, StoredEvent } from "@iop/core";

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
    const all = await this.inner.readAll({
      ...(options.after === undefined ? {} : { after: options.after }),
    });
    const seen = (await this.inner.readAll()).slice(0, this.visible).at(-1)?.globalPosition ?? 0;
    return all.filter((e) => e.globalPosition <= seen).slice(0, options.limit ?? Number.MAX_SAFE_INTEGER);
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
    const all = await this.inner.readAll();
    const from = all.findIndex((e) => e.globalPosition > (options.after ?? 0));
    if (from === -1) return [];
    return all.slice(Math.max(0, from - this.overlap), from + (options.limit ?? all.length));
  }
  close() {
    return this.inner.close();
  }
}
