import type { EventType } from "@iop/core";
import { describe, expectTypeOf, it } from "vitest";
import { definePerAgreementLog } from "./per-agreement-log.js";
import { definePerAgreementProjection } from "./per-agreement-projection.js";
import { type AllHandlers, defineProjection, type Handler, type RecordedEventOf } from "./projection.js";

// Compile-time checks: `tsc -p tsconfig.json` fails when a definition that must be refused
// compiles (an unused `@ts-expect-error` is an error) or when an event's type loses its data.
// The definitions sit inside functions that are never called: only their types matter here.

const keep = (n: number) => n;

describe("a projection definition is checked by the type checker", () => {
  it('refuses handles: "all" with a handler missing, and accepts it with every handler', () => {
    () =>
      // @ts-expect-error Withdrawn, Granted… have no handler
      defineProjection<number>({
        name: "incomplete",
        version: 1,
        initialState: 0,
        handles: "all",
        handlers: { Applied: keep, Rejected: keep },
      });
    () =>
      // @ts-expect-error the same for one row per agreement
      definePerAgreementProjection({
        name: "incomplete-rows",
        version: 1,
        initialRow: 0,
        handles: "all",
        handlers: { Applied: keep },
      });
    const every = {} as { readonly [K in EventType]: Handler<number, K> };
    () =>
      defineProjection<number>({
        name: "complete",
        version: 1,
        initialState: 0,
        handles: "all",
        handlers: every,
      });
    expectTypeOf<{ Applied: typeof keep }>().not.toExtend<AllHandlers<number>>();
    expectTypeOf(every).toExtend<AllHandlers<number>>();
  });

  it("refuses a handler key that is not an event type", () => {
    () =>
      defineProjection<number>({
        name: "typo",
        version: 1,
        initialState: 0,
        // @ts-expect-error `Grant` is a command; the event is `Granted`
        handlers: { Grant: keep },
      });
    () =>
      definePerAgreementProjection({
        name: "typo-rows",
        version: 1,
        initialRow: 0,
        // @ts-expect-error likewise for one row per agreement
        handlers: { Grant: keep },
      });
    // @ts-expect-error and for a log's types
    () => definePerAgreementLog({ name: "typo-log", version: 1, types: ["Grant"], entryOf: () => 0 });
  });

  it("gives a handler its event's typed data", () => {
    expectTypeOf<RecordedEventOf<"Granted">["type"]>().toEqualTypeOf<"Granted">();
    expectTypeOf<RecordedEventOf<"Granted">["data"]["grantedKronor"]>().toEqualTypeOf<number>();
    expectTypeOf<RecordedEventOf<"Granted">["data"]["period"]>().toEqualTypeOf<{
      start: string;
      end: string;
    }>();
    expectTypeOf<RecordedEventOf<"Granted">["globalPosition"]>().toEqualTypeOf<number>();
    () =>
      defineProjection<number>({
        name: "typed",
        version: 1,
        initialState: 0,
        handlers: {
          Granted: (kronor, { data }) => kronor + data.grantedKronor,
          // @ts-expect-error a rejection has a reason but no kronor
          Rejected: (kronor, { data }) => kronor + data.grantedKronor,
        },
      });
  });
});
