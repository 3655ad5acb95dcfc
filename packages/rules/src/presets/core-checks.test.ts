import {
  AgreementCommandHandler,
  type Command,
  DateOrderViolationError,
  type DomainError,
  InvalidCommandError,
  ReportOutsidePeriodError,
} from "@iop/core";
import { createMemoryStore } from "@iop/store-memory";
import { describe, expect, it, vi } from "vitest";
import { AGREEMENT_ID, apply, grant, sign } from "../testing/builders.js";
import { createValidator } from "../validator.js";
import { stockholmRules } from "./stockholm.js";

/**
 * The README lists the period and date-order checks of issue 4 as enforced by the core, not by
 * a rule. These tests hold it to that: the core refuses with the error and field the table names,
 * before the rule set is consulted.
 */
async function refusedByCore(before: readonly Command[], command: Command): Promise<DomainError> {
  const store = createMemoryStore();
  const validator = vi.fn(createValidator(stockholmRules));
  const handler = new AgreementCommandHandler({ store, validator });
  for (const c of before) await handler.handle(AGREEMENT_ID, c);
  validator.mockClear();
  const error = (await handler.handle(AGREEMENT_ID, command).catch((e: unknown) => e)) as DomainError;
  expect(validator).not.toHaveBeenCalled();
  expect(await store.readAll()).toHaveLength(before.length);
  return error;
}

const fieldsOf = (error: DomainError) =>
  error instanceof InvalidCommandError ? error.issues.map((i) => i.field) : [];
const granted = [apply(), grant()] as const;
const signed = [...granted, sign()] as const;

describe("the checks enforced by the core", () => {
  it("INVALID_COMMAND: a period that ends before it starts, a date that is not a calendar date, kronor that are not whole and positive", async () => {
    const reversed = await refusedByCore(
      [apply()],
      grant({ period: { start: "2022-12-31", end: "2022-01-01" } }),
    );
    expect(reversed).toBeInstanceOf(InvalidCommandError);
    expect(fieldsOf(reversed)).toEqual(["data.period.end"]);
    const request = await refusedByCore(
      [],
      apply({ requestedPeriod: { start: "2022-12-31", end: "2022-01-01" } }),
    );
    expect(fieldsOf(request)).toEqual(["data.requestedPeriod.end"]);
    expect(fieldsOf(await refusedByCore([], apply({ receivedOn: "2022-02-30" })))).toEqual([
      "data.receivedOn",
    ]);
    for (const grantedKronor of [0, -1, 1.5])
      expect(fieldsOf(await refusedByCore([apply()], grant({ grantedKronor })))).toEqual([
        "data.grantedKronor",
      ]);
  });

  it("DATE_ORDER_VIOLATION: a decision before the application, a signing before the decision, a report before its period starts", async () => {
    const cases: [readonly Command[], Command, string][] = [
      [[apply({ receivedOn: "2022-03-25" })], grant(), "data.decision.date"],
      [granted, sign({ signedOn: "2022-03-23" }), "data.signedOn"],
      [
        signed,
        {
          type: "ReportPeriod",
          data: { reportedOn: "2022-04-30", period: { start: "2022-05-01", end: "2022-05-31" } },
        },
        "data.reportedOn",
      ],
    ];
    for (const [before, command, field] of cases) {
      const error = await refusedByCore(before, command);
      expect(error).toBeInstanceOf(DateOrderViolationError);
      expect((error as DateOrderViolationError).field).toBe(field);
    }
  });

  it("REPORT_OUTSIDE_PERIOD: a report on days outside the agreement period", async () => {
    const error = await refusedByCore(signed, {
      type: "ReportPeriod",
      data: { reportedOn: "2023-01-15", period: { start: "2022-12-01", end: "2023-01-10" } },
    });
    expect(error).toBeInstanceOf(ReportOutsidePeriodError);
    expect(error.code).toBe("REPORT_OUTSIDE_PERIOD");
  });
});
