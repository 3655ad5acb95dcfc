/**
 * At most `capacity` values by key, the least recently set let go first (a read does not count:
 * its callers set the value again after the work it was read for, and a read that moved the key
 * would cost a map deletion per call); a value is not replaced by one that `isOlder` says is
 * older than it (reads and writes may finish out of order).
 */
export class RecentlyUsed<V> {
  readonly #values = new Map<string, V>();

  constructor(
    private readonly capacity: number,
    private readonly isOlder: (value: V, than: V) => boolean,
  ) {}

  get(key: string): V | undefined {
    return this.#values.get(key);
  }

  set(key: string, value: V): void {
    const known = this.#values.get(key);
    if (this.capacity === 0 || (known !== undefined && this.isOlder(value, known))) return;
    this.#values.delete(key);
    this.#values.set(key, value);
    if (this.#values.size > this.capacity) this.#values.delete(this.#values.keys().next().value as string);
  }

  forget(key: string): void {
    this.#values.delete(key);
  }
}
