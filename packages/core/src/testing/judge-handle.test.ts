import { husbyHistory, rinkebyKista2022 } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { StoreDriverError } from "../errors/index.js";
import type { EventStore } from "../store/event-store.js";
import type { HandleStep, HostileCall } from "./hostile-commands.js";
import { createHandleJudge } from "./judge-handle.js";

/** The real step at `index` of the Husby history, its setup the steps before it on its agreement. */
function realCall(script: readonly HandleStep[], index: number): HostileCall {
  const target = script[index] as HandleStep;
  const setup = script.slice(0, index).filter((s) => s.agreementId === target.agreementId);
  return { setup, target, mutations: [] };
}

/** A memory store with some methods replaced by `override` of it: a store that breaks a promise. */
function storeWith(override: (store: EventStore) => Partial<EventStore>): EventStore {
  const store = createMemoryStore();
  return {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    close: () => store.close(),
    ...override(store),
  };
}

const grant = realCall(husbyHistory, 1);

describe("createHandleJudge", () => {
  it("accepts every real command of the fixtures, each read back as handle returned it", async () => {
    const judge = createHandleJudge(createMemoryStore());
    for (const script of [husbyHistory, rinkebyKista2022])
      for (const [i] of script.entries())
        expect(await judge.judge(realCall(script, i))).toEqual({ verdict: "accepted" });
  });

  it("accepts a retry of a real command: nothing new is stored", async () => {
    const judge = createHandleJudge(createMemoryStore());
    expect(await judge.judge({ ...grant, setup: [...grant.setup, grant.target] })).toEqual({
      verdict: "accepted",
    });
  });

  it("refuses a mutated command that nothing was stored for", async () => {
    const judge = createHandleJudge(createMemoryStore());
    const mutated = {
      ...grant,
      mutations: [{ path: ["command", "data", "grantedKronor"], label: "", change: () => -1 }],
    };
    expect(await judge.judge(mutated)).toMatchObject({
      verdict: "refused",
      error: { code: "INVALID_COMMAND" },
    });
  });

  it("finds an acknowledged event that reads back changed", async () => {
    const judge = createHandleJudge(
      storeWith((store) => ({
        readAll: async (options) =>
          (await store.readAll(options)).map((e) => ({ ...e, data: { ...(e.data as object), extra: 1 } })),
      })),
    );
    expect(await judge.judge(realCall(husbyHistory, 0))).toEqual({
      verdict: "changed",
      detail: "event 0: data differs from what was stored",
    });
  });

  it("finds a refusal that stored something", async () => {
    const judge = createHandleJudge(
      storeWith((store) => ({
        append: async (...args) => {
          await store.append(...args);
          throw new StoreDriverError("lost the acknowledgement");
        },
      })),
    );
    expect(await judge.judge(realCall(husbyHistory, 0))).toMatchObject({
      verdict: "partial-write",
      detail: "1 event(s) stored",
    });
  });

  it("finds an error that is not typed", async () => {
    const judge = createHandleJudge(
      storeWith(() => ({
        append: async () => {
          throw new TypeError("driver bug");
        },
      })),
    );
    expect(await judge.judge(realCall(husbyHistory, 0))).toMatchObject({
      verdict: "untyped-error",
      error: { message: "driver bug" },
    });
  });
});
