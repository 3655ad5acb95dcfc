/**
 * A worker of the person key test: opens the store, reports `ready`, waits for `go`, then makes
 * the key of each of `persons` persons (the same ids in every worker) and reports them, as hex.
 * Usage: key-creator.ts <path> <persons>
 */
import { openSqliteStore } from "../open-sqlite-store.js";

const [path, personsArg] = process.argv.slice(2);
if (path === undefined || personsArg === undefined) throw new Error("usage: <path> <persons>");
const send = (message: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    process.send?.(message, undefined, undefined, (error) => (error ? reject(error) : resolve()));
  });

const store = await openSqliteStore({ path, busyTimeoutMs: 60_000 });
const go = new Promise((resolve) => process.once("message", resolve));
await send({ type: "ready" });
await go;
const keys: string[] = [];
for (let i = 0; i < Number(personsArg); i++) {
  const key = await store.driver.personKeys.key(`sthlm-p-${i}`, { create: true });
  keys.push(key?.toString("hex") ?? "none");
}
await store.close();
await send({ type: "done", keys });
process.disconnect();
