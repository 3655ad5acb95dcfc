import type { IopStore } from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import { openPostgresStore } from "@iop/store-postgres";
import { openSqliteStore } from "@iop/store-sqlite";

/** The adapters `pnpm fuzz` knows, in the order it runs them. */
export const ADAPTERS = ["memory", "sqlite", "postgres"] as const;

/** One of {@link ADAPTERS}. */
export type Adapter = (typeof ADAPTERS)[number];

/** Where an adapter's store lives: nowhere, a file, or a PostgreSQL database. */
export type Target =
  | { readonly adapter: "memory" }
  | { readonly adapter: "sqlite"; readonly path: string }
  | {
      readonly adapter: "postgres";
      readonly url: string;
    };

/**
 * Opens the store of `target`. SQLite commits without waiting for the disk at each one
 * (`synchronous: "normal"`): the fuzz tests what is stored, not whether it survives a power cut.
 */
export async function openTarget(target: Target): Promise<IopStore> {
  switch (target.adapter) {
    case "memory":
      return createMemoryStore();
    case "sqlite":
      return openSqliteStore({ path: target.path, synchronous: "normal" });
    case "postgres":
      return openPostgresStore({ connection: target.url });
  }
}
