import { AgreementCommandHandler, type Command, type EventStore } from "@iop/core";
import { runLive } from "@iop/projections";
import { agreementIdOf, type BenchEvent, streamIdOf } from "../data.js";
import { registerProjection } from "../register.js";
import type { Contender } from "./types.js";

/** Our adapters, used through the `EventStore` port, the command handler and the projection runner. */
class Ours implements Contender {
  private readonly handler: AgreementCommandHandler;

  constructor(private readonly store: EventStore) {
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
    for (let after = 0; ; ) {
      const page = await this.store.readAll({ after, limit: pageSize });
      const last = page.at(-1);
      if (last === undefined) return count;
      count += page.length;
      after = last.globalPosition;
    }
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

export async function openOursSqlite(path: string, synchronous: "full" | "normal"): Promise<Contender> {
  const { openSqliteEventStore } = await import("@iop/store-sqlite");
  return new Ours(await openSqliteEventStore({ path, synchronous }));
}

export async function openOursPostgres(url: string): Promise<Contender> {
  const { PostgresEventStore } = await import("@iop/store-postgres");
  // The default pool; the workloads are sequential, so it uses one connection.
  return new Ours(await PostgresEventStore.connect({ connection: url }));
}
