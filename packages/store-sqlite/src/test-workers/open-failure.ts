/**
 * A worker that tries to open stores and reports how each attempt failed, so a test can run
 * it as a user who may not touch the files. Usage: open-failure.ts <options as JSON array>
 * Sends, over IPC, one `{ name, code, reason, message }` per options (`name: "opened"` when
 * the store opened).
 */
import { openSqliteStore } from "../open-sqlite-store.js";
import type { SqliteStoreOptions } from "../sqlite-store-options.js";

const attempts = JSON.parse(process.argv[2] ?? "[]") as SqliteStoreOptions[];
const results: unknown[] = [];
for (const options of attempts) {
  try {
    const store = await openSqliteStore(options);
    await store.close();
    results.push({ name: "opened" });
  } catch (error) {
    const { name, code, reason, message } = error as Error & { code?: string; reason?: string };
    results.push({ name, code, reason, message });
  }
}
process.send?.({ type: "results", results }, undefined, undefined, () => process.disconnect());
