import {
  AgreementCommandHandler,
  type Command,
  type DomainEvent,
  decodeEvent,
  InvalidCommandError,
  parseCommand,
} from "@iop/core";
import { husbyHistory, jarva, record, rinkebyKista2022 } from "@iop/fixtures";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it } from "vitest";
import { decisionDateOf } from "./decision-date.js";

/** The event a command records, or a failed test when the command is not valid. */
function eventOf(command: Command): DomainEvent {
  const event = parseCommand(command);
  if (event instanceof InvalidCommandError) throw event;
  return event;
}

const decision = { body: jarva.name, date: "2024-03-14" };

describe("the decision date of an event", () => {
  it("given the real histories, each event's date is the effective date its command's context gives", async () => {
    const store = createMemoryStore();
    await record(new AgreementCommandHandler({ store }), [...husbyHistory, ...rinkebyKista2022]);
    const dated = (await store.readAll()).filter((e) => e.metadata.effectiveDate !== undefined);
    // Applied, Granted, Rejected, Signed, PeriodReported, PublicPartySucceeded, Evaluated, Renegotiated.
    expect(new Set(dated.map((e) => e.type)).size).toBe(8);
    for (const stored of dated)
      expect(decisionDateOf(decodeEvent(stored))).toBe(stored.metadata.effectiveDate);
  });

  it("given the events the histories lack, each is dated by its decision, else by the day it states", () => {
    const dates = [
      eventOf({ type: "Withdraw", data: { withdrawnOn: "2024-02-01", by: "organisation" } }),
      eventOf({ type: "Extend", data: { decision, newEnd: "2025-06-30" } }),
      eventOf({ type: "Amend", data: { decision, changes: { grantedKronor: 360_000 } } }),
      eventOf({ type: "DeclineRenewal", data: { decision, reason: "Verksamheten upphör" } }),
      eventOf({
        type: "Terminate",
        data: {
          kind: "mutual",
          initiatedBy: "organisation",
          decidedOn: "2024-04-02",
          effectiveOn: "2024-06-30",
          reason: "Föreningen upphör",
        },
      }),
      eventOf({
        type: "Terminate",
        data: {
          kind: "notice",
          initiatedBy: "public",
          decidedOn: "2024-04-02",
          effectiveOn: "2024-06-30",
          reason: "Avtalsbrott",
          decision,
        },
      }),
      eventOf({
        type: "Evaluate",
        data: {
          evaluatedOn: "2024-05-15",
          scope: ["husby-konst-2024"],
          method: "Workshop",
          goalAttainment: { overall: "met" },
        },
      }),
    ].map(decisionDateOf);
    expect(dates).toEqual([
      "2024-02-01",
      "2024-03-14",
      "2024-03-14",
      "2024-03-14",
      "2024-04-02",
      "2024-03-14",
      "2024-05-15",
    ]);
  });
});
