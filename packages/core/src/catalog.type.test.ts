import { describe, expectTypeOf, it } from "vitest";
import type { RecordedEvent } from "./codec.js";
import type { Command, CommandOf } from "./commands.js";
import { decide } from "./decide.js";
import type { DomainError } from "./errors/index.js";
import type { DomainEvent, EventData, EventOf } from "./events/catalog.js";

// Compile-time checks: `pnpm typecheck` fails if the inferred types drift from what they promise.
describe("types inferred from the schemas", () => {
  it("event data comes from the zod schemas", () => {
    expectTypeOf<EventData<"Granted">["grantedKronor"]>().toEqualTypeOf<number>();
    expectTypeOf<EventData<"Granted">["period"]>().toEqualTypeOf<{ start: string; end: string }>();
    expectTypeOf<EventOf<"Terminated">["data"]["kind"]>().toEqualTypeOf<"notice" | "rescission" | "mutual">();
    expectTypeOf<EventData<"Applied">["predecessorAgreementId"]>().toEqualTypeOf<string | undefined>();
  });

  it("commands accept the schema's input: defaults may be left out", () => {
    expectTypeOf<{
      type: "Grant";
      data: {
        decision: { body: string; date: string };
        grantedKronor: number;
        period: { start: string; end: string };
      };
    }>().toExtend<CommandOf<"Grant">>();
    expectTypeOf<{ type: "Approve"; data: object }>().not.toExtend<Command>();
  });

  it("decide returns events or a domain error, and recorded events narrow on their type", () => {
    expectTypeOf(decide).returns.toEqualTypeOf<DomainEvent[] | DomainError>();
    const narrow = (e: RecordedEvent) => (e.type === "Signed" ? e.data.signedOn : e.globalPosition);
    expectTypeOf(narrow).returns.toEqualTypeOf<string | number>();
  });
});
