import { type EventType, eventTypes, type RecordedEvent } from "@iop/core";
import { rinkebyKista2022, rinkebyKista2022AgreementIds } from "@iop/fixtures";
import { describe, expect, it } from "vitest";
import { checkProjection } from "./check-projection.js";
import { foldEvents } from "./fold.js";
import { definePerAgreementProjection } from "./per-agreement-projection.js";
import { type AllHandlers, defineProjection } from "./projection.js";
import { runLive } from "./run-live.js";
import { allEvents, recordScript } from "./test-support/record.js";

type Counts = { readonly [type: string]: number };

const countAll = defineProjection<Counts>({
  name: "count-all",
  version: 1,
  initialState: {},
  handles: "all",
  handlers: Object.fromEntries(
    eventTypes.map((type) => [type, (state: Counts) => ({ ...state, [type]: (state[type] ?? 0) + 1 })]),
  ) as unknown as AllHandlers<Counts>,
});

const granted = defineProjection({
  name: "granted-kronor",
  version: 1,
  initialState: { kronor: 0, grants: 0 },
  handlers: {
    Granted: (state, { data }) => ({ kronor: state.kronor + data.grantedKronor, grants: state.grants + 1 }),
  },
});

describe("defineProjection", () => {
  it("folds the types it handles and leaves the others alone", async () => {
    const events = await allEvents(await recordScript(rinkebyKista2022));
    expect(foldEvents(granted, events)).toEqual({ kronor: 6_771_000, grants: 6 });
    expect(granted.handledTypes).toEqual(["Granted"]);
    expect(granted.handles("Applied")).toBe(false);
    expect(foldEvents(countAll, events)).toEqual({ Applied: 8, Granted: 6, Rejected: 2 });
    expect(countAll.exhaustive).toBe(true);
  });

  it("refuses, at run time too, an exhaustive definition that misses a type", () => {
    const handlers: Partial<AllHandlers<Counts>> = { Applied: (s) => s };
    expect(() =>
      defineProjection<Counts>({
        name: "incomplete",
        version: 1,
        initialState: {},
        handles: "all",
        handlers: handlers as AllHandlers<Counts>,
      }),
    ).toThrow(/no handler for Withdrawn, Granted/);
  });

  it("refuses a handler key that is not an event type, a bad version and a state that is not JSON", () => {
    const typo = { Grant: (s: Counts) => s } as unknown as Record<EventType, never>;
    expect(() =>
      defineProjection<Counts>({ name: "typo", version: 1, initialState: {}, handlers: typo }),
    ).toThrow(/"Grant" is not an event type/);
    expect(() => defineProjection({ name: "v", version: 0, initialState: {}, handlers: {} })).toThrow(
      /version/,
    );
    expect(() => defineProjection({ name: " ", version: 1, initialState: {}, handlers: {} })).toThrow(/name/);
    const notJson = { when: new Date() } as unknown as Counts;
    expect(() => defineProjection({ name: "date", version: 1, initialState: notJson, handlers: {} })).toThrow(
      /Date, not a plain JSON object/,
    );
  });

  it("runs live over one agreement or all", async () => {
    const store = await recordScript(rinkebyKista2022);
    expect(await runLive(granted, store)).toEqual({ kronor: 6_771_000, grants: 6 });
    expect(
      await runLive(granted, store, {
        agreementId: rinkebyKista2022AgreementIds["husby-konst"] ?? "",
        pageSize: 1,
      }),
    ).toEqual({
      kronor: 324_000,
      grants: 1,
    });
    expect(await runLive(granted, store, { agreementId: "no-such-agreement" })).toEqual({
      kronor: 0,
      grants: 0,
    });
    await expect(runLive(granted, store, { pageSize: 0 })).rejects.toThrow(RangeError);
  });
});

describe("definePerAgreementProjection", () => {
  const lastType = definePerAgreementProjection({
    name: "last-type",
    version: 1,
    initialRow: { events: 0, last: "" },
    handlers: {
      Applied: (row, e) => ({ events: row.events + 1, last: e.type }),
      Granted: (row, e) => ({ events: row.events + 1, last: e.type }),
      Rejected: (row, e) => ({ events: row.events + 1, last: e.type }),
    },
  });

  it("keeps one row per agreement, and a row for any agreement id, even __proto__", async () => {
    const events = await allEvents(await recordScript(rinkebyKista2022));
    const state = foldEvents(lastType, events);
    expect(Object.keys(state)).toHaveLength(8);
    expect(state["rinkeby-kista-2022-som-united"]).toEqual({ events: 2, last: "Rejected" });
    const [applied] = events;
    if (applied === undefined) throw new Error("no events");
    const proto = { ...applied, streamId: "agreement-__proto__" } as RecordedEvent;
    const withProto = lastType.apply(state, proto);
    expect(Object.hasOwn(withProto, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(withProto)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(withProto))).toEqual(withProto);
    expect(Object.keys(state)).toHaveLength(8); // the input state is unchanged
  });

  it("ignores events of streams that are not agreements'", async () => {
    const [applied] = await allEvents(await recordScript(rinkebyKista2022));
    if (applied === undefined) throw new Error("no events");
    const foreign = { ...applied, streamId: "billing-1" } as RecordedEvent;
    expect(lastType.apply(lastType.initialState, foreign)).toBe(lastType.initialState);
  });
});

describe("checkProjection", () => {
  it("passes a pure projection and returns its state", async () => {
    const events = await allEvents(await recordScript(rinkebyKista2022));
    expect(checkProjection(granted, events)).toEqual({ kronor: 6_771_000, grants: 6 });
  });

  it("catches a handler that mutates its state", async () => {
    const events = await allEvents(await recordScript(rinkebyKista2022));
    const mutating = defineProjection({
      name: "mutating",
      version: 1,
      initialState: { seen: [] as string[] },
      handlers: {
        Applied: (state, e) => {
          state.seen.push(e.data.agreementId);
          return state;
        },
      },
    });
    expect(() => checkProjection(mutating, events)).toThrow(/mutate its input/);
  });

  it("catches a handler that is not deterministic or returns what JSON cannot hold", async () => {
    const events = await allEvents(await recordScript(rinkebyKista2022));
    let calls = 0;
    const impure = defineProjection({
      name: "impure",
      version: 1,
      initialState: { n: 0 },
      handlers: { Applied: () => ({ n: calls++ }) },
    });
    expect(() => checkProjection(impure, events)).toThrow(/different states/);
    const undefinedState = defineProjection({
      name: "undefined",
      version: 1,
      initialState: { n: 0 },
      handlers: { Applied: () => ({ n: undefined }) as unknown as { n: number } },
    });
    expect(() => checkProjection(undefinedState, events)).toThrow(
      /state after event 0 \(Applied\)\.n is undefined/,
    );
  });
});
