import { AgreementCommandHandler, type Command, type IopStore, readAllPages } from "@iop/core";
import { runLive } from "@iop/projections";
import { agreementIdOf, type BenchEvent, streamIdOf } from "../data.js";
import { registerProjection } from "../register.js";
import type { Contender } from "./types.js";

/** Our adapters, used through the `EventStore` port, the command handler and the projection runner. */
class Ours implements Contender {
  private readonly handler: AgreementCommandHandler;

  constructor(private readonly store: IopStore) {
    this.handler = new AgreementCommandHandler({ store });
  }

  async append(stream: number, events: readonly BenchEvent[], expectedVersion: number): Promise<void> {
    await this.store.append(streamIdOf(stream), events, { expectedVersion });
  }

  async readStream(stream: number): Promise<number> {
    return (await this.store.readStream(streamIdOf(stream))).length;
  }

  async readAll(pageSize: number): Promise<number> {
    let count = 0;
    for await (const page of readAllPages(this.store, { pageSize })) count += page.length;
    return count;
  }

  async rebuildRegister(pageSize: number): Promise<number> {
    const state = await runLive(registerProjection, this.store, { pageSize });
    return Object.keys(state).length;
  }

  async handle(agreement: number, command: Command): Promise<void> {
    await this.handler.handle(agreementIdOf(agreement), command);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Our SQLite store on a file, in WAL mode at the given `synchronous` level. */
export async function openOurSqliteStore(path: string, synchronous: "full" | "normal"): Promise<IopStore> {
  const { openSqliteStore } = await import("@iop/store-sqlite");
  return openSqliteStore({ path, synchronous });
}

/** Our PostgreSQL store with its own default pool: the workloads are sequential, so it uses one connection. */
export async function openOurPostgresStore(url: string): Promise<IopStore> {
  const { openPostgresStore } = await import("@iop/store-postgres");
  return openPostgresStore({ connection: url });
}

export async function openOursSqlite(path: string, synchronous: "full" | "normal"): Promise<Contender> {
  return new Ours(await openOurSqliteStore(path, synchronous));
}

export async function openOursPostgres(url: string): Promise<Contender> {
  return new Ours(await openOurPostgresStore(url));
}
