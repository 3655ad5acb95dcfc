/**
 * Serves the library over HTTP on an SQLite file, names sealed under per-person keys.
 *
 *   IOP_TOKENS_FILE=tokens.json pnpm start      # { "<token>": { "actor": "...", "role": "..." } }
 *   IOP_TOKENS='{"t1":{"actor":"anna","role":"case-officer"}}' IOP_DB=/tmp/iop.db PORT=9000 pnpm start
 */
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { protectPersonalData } from "@iop/core";
import { openSqliteStore } from "@iop/store-sqlite";
import { createApp } from "./app.js";
import { parseTokenTable } from "./roles.js";

const { PORT = "8787", IOP_DB = "./iop.db", IOP_TOKENS, IOP_TOKENS_FILE } = process.env;
const port = Number(PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new RangeError(`PORT must be a port number (got ${PORT})`);
const tokenText =
  IOP_TOKENS ?? (IOP_TOKENS_FILE === undefined ? undefined : readFileSync(IOP_TOKENS_FILE, "utf8"));
if (tokenText === undefined) throw new Error("set IOP_TOKENS (JSON) or IOP_TOKENS_FILE (a JSON file)");
const tokens = parseTokenTable(JSON.parse(tokenText));

const sqlite = await openSqliteStore({ path: IOP_DB });
const store = protectPersonalData(sqlite, sqlite.driver.personKeys);
const server = serve({ fetch: createApp({ store, tokens }).fetch, port }, (info) =>
  console.log(
    `iop embed-http on http://localhost:${info.port} over ${IOP_DB} (${Object.keys(tokens).length} tokens)`,
  ),
);
const stop = () => server.close(() => void store.close());
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
