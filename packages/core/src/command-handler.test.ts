import { husbyAgreementIds, husbyHistory } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { agreementStreamId } from "./agreement-stream.js";
import { AgreementCommandHandler } from "./command-handler.js";
import type { Command } from "./commands.js";
import {
  CommandIdReusedError,
  ConcurrencyError,
  InvalidCommandError,
  RuleViolationError,
  type Violation,
} from "./errors/index.js";
import type { NewEvent, StoredEvent } from "./store/envelope.js";
import type { AppendOptions, AppendResult, EventStore } from "./store/event-store.js";
import { losingStore } from "./test-support/losing-store.js";

const steps = husbyHistory.filter((s) => s.agreementId === husbyAgreementIds.y2022);
const [apply, grant, sign] = steps.map((s) => s.command) as [Command, Command, Command];
const ID = husbyAgreementIds.y2022;

/** A store where `interfere` runs just before each of our first `times` appends: a writer slipping in. */
function contendedStore(inner: EventStore, times: number, interfere: () => Promise<unknown>): EventStore {
  let left = times;
  return {
    readStream: (id, o) => inner.readStream(id, o),
    readAll: (o) => inner.readAll(o),
    close: () => inner.close(),
    async append(id: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
      if (left > 0) {
        left -= 1;
        await interfere();
      }
      return inner.append(id, events, options);
    },
  };
}

const warning: Violation = {
  code: "RETROACTIVE_START",
  severity: "warning",
  field: "data.period.start",
  message: { sv: "Retroaktiv start", en: "Retroactive start" },
};
const error: Violation = {
  code: "DE_MINIMIS_EXCEEDED",
  severity: "error",
  field: "data.grantedKronor",
  message: { sv: "Över taket", en: "Over the ceiling" },
};

describe("AgreementCommandHandler", () => {
  it("records the command's context in every event's metadata", async () => {
    const store = createMemoryStore();
    const handler = new AgreementCommandHandler({ store });
    const result = await handler.handle(ID, apply, {
      commandId: "c-1",
      actor: "case-officer",
      correlationId: "corr-1",
      sourceDocument: { title: "Ansökan om IOP", caseNumber: "Dnr 1.5.3-219-2022" },
    });
    expect(result.events[0]?.metadata).toEqual({
      commandId: "c-1",
      actor: "case-officer",
      correlationId: "corr-1",
      sourceDocument: { title: "Ansökan om IOP", caseNumber: "Dnr 1.5.3-219-2022" },
    });
    expect(result.state.version).toBe(1);
  });

  it("retries after a concurrency conflict and decides again on the fresh state", async () => {
    const inner = createMemoryStore();
    const other = new AgreementCommandHandler({ store: inner });
    await other.handle(ID, apply);
    await other.handle(ID, grant);
    const reports: Command[] = [
      {
        type: "ReportPeriod",
        data: { reportedOn: "2022-07-15", period: { start: "2022-01-01", end: "2022-06-30" } },
      },
      {
        type: "ReportPeriod",
        data: { reportedOn: "2022-10-15", period: { start: "2022-07-01", end: "2022-09-30" } },
      },
    ];
    await other.handle(ID, sign);
    let slipped = 0;
    const store = contendedStore(inner, 2, () => other.handle(ID, reports[slipped++] as Command));
    const handler = new AgreementCommandHandler({ store, maxRetries: 3 });
    const result = await handler.handle(ID, {
      type: "ReportPeriod",
      data: { reportedOn: "2023-01-20", period: { start: "2022-10-01", end: "2022-12-31" } },
    });
    expect(result.state.version).toBe(6);
    expect(result.state.reports).toHaveLength(3);
    expect((await inner.readStream(agreementStreamId(ID))).map((e) => e.streamVersion)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it("gives up with the conflict after the bounded number of retries", async () => {
    const losing = losingStore(createMemoryStore());
    await expect(
      new AgreementCommandHandler({ store: losing.store, maxRetries: 2 }).handle(ID, apply),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(losing.appends()).toBe(3);
  });

  it("two handlers racing on one agreement: both commands land, in some order, with contiguous versions", async () => {
    const store = createMemoryStore();
    const a = new AgreementCommandHandler({ store });
    const b = new AgreementCommandHandler({ store });
    await a.handle(ID, apply);
    await a.handle(ID, grant);
    await a.handle(ID, sign);
    const reports: Command[] = [
      {
        type: "ReportPeriod",
        data: { reportedOn: "2022-07-15", period: { start: "2022-01-01", end: "2022-06-30" } },
      },
      {
        type: "ReportPeriod",
        data: { reportedOn: "2023-01-15", period: { start: "2022-07-01", end: "2022-12-31" } },
      },
    ];
    await Promise.all([a.handle(ID, reports[0] as Command), b.handle(ID, reports[1] as Command)]);
    const events = await store.readStream(agreementStreamId(ID));
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    expect(events.filter((e) => e.type === "PeriodReported")).toHaveLength(2);
  });

  it("a repeated command id returns the first outcome and appends nothing", async () => {
    const store = createMemoryStore();
    const handler = new AgreementCommandHandler({ store });
    await handler.handle(ID, apply, { commandId: "apply-1" });
    const first = await handler.handle(ID, grant, { commandId: "grant-1" });
    const again = await handler.handle(ID, grant, { commandId: "grant-1" });
    expect(again.duplicate).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(await store.readStream(agreementStreamId(ID))).toHaveLength(2);
  });

  it("a retry after other commands were recorded is still the same command, whatever its key order", async () => {
    const store = createMemoryStore();
    const handler = new AgreementCommandHandler({ store });
    await handler.handle(ID, apply, { commandId: "apply-1" });
    const first = await handler.handle(ID, grant, { commandId: "grant-1" });
    await handler.handle(ID, sign, { commandId: "sign-1" });
    const reordered = JSON.parse(
      JSON.stringify(grant, (_k, v: unknown) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).reverse())
          : v,
      ),
    ) as Command;
    const again = await handler.handle(ID, reordered, { commandId: "grant-1" });
    expect(again).toMatchObject({ duplicate: true, events: first.events });
    expect(await store.readStream(agreementStreamId(ID))).toHaveLength(3);
  });

  it("refuses a command id reused for a different command, naming the id and the agreement", async () => {
    const store = createMemoryStore();
    const handler = new AgreementCommandHandler({ store });
    await handler.handle(ID, apply, { commandId: "apply-1" });
    await handler.handle(ID, grant, { commandId: "grant-1" });
    if (grant.type !== "Grant") throw new Error("fixture grants");
    const other: Command = { ...grant, data: { ...grant.data, grantedKronor: 300_000 } };
    const refused = await handler.handle(ID, other, { commandId: "grant-1" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CommandIdReusedError);
    expect(refused).toMatchObject({ commandId: "grant-1", agreementId: ID });
    await expect(handler.handle(ID, sign, { commandId: "apply-1" })).rejects.toBeInstanceOf(
      CommandIdReusedError,
    );
    expect(await store.readStream(agreementStreamId(ID))).toHaveLength(2);
  });

  it.each([
    ["an impossible effective date", { effectiveDate: "2022-02-30" }, "context.effectiveDate"],
    ["an actor that is not text", { actor: 42 }, "context.actor"],
    ["an empty command id", { commandId: "" }, "context.commandId"],
    [
      "a source document without a title",
      { sourceDocument: { caseNumber: "Dnr 1" } },
      "context.sourceDocument.title",
    ],
    [
      "a source document dated 2022-02-30",
      { sourceDocument: { title: "Beslut", date: "2022-02-30" } },
      "context.sourceDocument.date",
    ],
    ["an unknown key", { actr: "case-officer" }, "context.actr"],
  ])("refuses a context with %s before reading or appending anything", async (_label, context, field) => {
    const inner = createMemoryStore();
    let reads = 0;
    const store: EventStore = {
      readStream: (id, o) => {
        reads += 1;
        return inner.readStream(id, o);
      },
      readAll: (o) => inner.readAll(o),
      close: () => inner.close(),
      append: (id, events, o) => inner.append(id, events, o),
    };
    const refused = await new AgreementCommandHandler({ store })
      .handle(ID, apply, context as never)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidCommandError);
    expect((refused as InvalidCommandError).issues.map((i) => i.field)).toEqual([field]);
    expect(reads).toBe(0);
    expect(await inner.readStream(agreementStreamId(ID))).toEqual([]);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses maxRetries %s", (maxRetries) => {
    expect(() => new AgreementCommandHandler({ store: createMemoryStore(), maxRetries })).toThrow(RangeError);
    expect(() => new AgreementCommandHandler({ store: createMemoryStore(), maxRetries: 0 })).not.toThrow();
  });

  it("refuses with every rule error at once and appends nothing", async () => {
    const store = createMemoryStore();
    const handler = new AgreementCommandHandler({
      store,
      validator: () => [warning, error, { ...error, code: "OTHER" }],
    });
    const refused = await handler.handle(ID, apply).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect((refused as RuleViolationError).violations.map((v) => v.code)).toEqual([
      "DE_MINIMIS_EXCEEDED",
      "OTHER",
    ]);
    expect(await store.readStream(agreementStreamId(ID))).toEqual([]);
  });

  it("keeps rule warnings in the recorded event's metadata", async () => {
    const store = createMemoryStore();
    const handler = new AgreementCommandHandler({
      store,
      validator: ({ event }) => (event.type === "Granted" ? [warning] : []),
    });
    await handler.handle(ID, apply);
    const granted = await handler.handle(ID, grant);
    expect(granted.warnings).toEqual([warning]);
    const [, stored] = await store.readStream(agreementStreamId(ID));
    expect(stored?.metadata.warnings).toEqual([warning]);
  });

  it("returns the recorded events without reading them back, the same as a store that makes it read", async () => {
    const direct = createMemoryStore({ clock: () => new Date("2022-03-24T15:00:00Z") });
    const other = createMemoryStore({ clock: () => new Date("2022-03-24T15:00:00Z") });
    let reads = 0;
    // A store that does not say where the events went, as EventStoreDB does not.
    const silent: EventStore = {
      readStream: (id, o) => {
        reads += 1;
        return other.readStream(id, o);
      },
      readAll: (o) => other.readAll(o),
      close: () => other.close(),
      append: async (id, events, options) => {
        const { streamVersion, globalPosition } = await other.append(id, events, options);
        return { streamVersion, globalPosition };
      },
    };
    const handlers = [
      new AgreementCommandHandler({ store: direct }),
      new AgreementCommandHandler({ store: silent }),
    ];
    for (const command of [apply, grant, sign]) {
      const [a, b] = await Promise.all(handlers.map((h) => h.handle(ID, command)));
      // Ids are random, and the hashes cover them.
      const strip = (events: readonly Omit<StoredEvent, "data">[]) =>
        events.map(({ eventId: _, hash: _h, previousHash: _p, ...rest }) => rest);
      expect(strip(a?.events ?? [])).toEqual(strip(b?.events ?? []));
      expect(a?.events).toEqual((await handlers[0]?.load(ID))?.events.slice(-(a?.events.length ?? 0)));
      expect(a?.state).toEqual(b?.state);
    }
    // One read to load the agreement, then one per command to read back what it appended: the
    // later commands are decided on the state the handler holds.
    expect(reads).toBe(4);
  });
});
