import { husbyAgreementIds, husbyHistory, jarva, rinkebyKista, rinkebyKista2022 } from "@iop/fixtures";
import { describe, expect, it } from "vitest";
import type { Command } from "./commands.js";
import {
  DateOrderViolationError,
  InvalidCommandError,
  LifecycleViolationError,
  OverlappingReportError,
  ReportOutsidePeriodError,
} from "./errors/index.js";
import type { DomainEvent } from "./events/catalog.js";
import { given, recorded } from "./testing/decider-spec.js";

/** The commands of one Husby agreement, in order, by command type. */
function husby(agreementId: string): Command[] {
  return husbyHistory.filter((s) => s.agreementId === agreementId).map((s) => s.command);
}

/** Records commands one after the other, as the handler would. */
function history(commands: readonly Command[]): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (const command of commands) events.push(recorded(command, events));
  return events;
}

const [apply2022, grant2022, sign2022, report2022] = husby(husbyAgreementIds.y2022) as [
  Command,
  Command,
  Command,
  Command,
];

describe("Husby Konst- och Hantverksförening 2022", () => {
  it("given the application of February 2022, when the board grants 324 000 kr on 2022-03-24 from 2022-01-01, then the retroactive grant is recorded", () => {
    given(history([apply2022]))
      .when(grant2022)
      .thenRecords(([event]) => {
        expect(event?.type).toBe("Granted");
        expect(event).toMatchObject({
          data: {
            grantedKronor: 324_000,
            period: { start: "2022-01-01", end: "2022-12-31" },
            decision: { date: "2022-03-24" },
          },
        });
      });
  });

  it("given no grant, when the district director signs, then signing is refused", () => {
    given(history([apply2022]))
      .when(sign2022)
      .thenRefuses(LifecycleViolationError, { command: "Sign", status: "applied" });
  });

  it("given the grant, when signing is dated before the decision, then the date order is refused", () => {
    given(history([apply2022, grant2022]))
      .when({ type: "Sign", data: { signedOn: "2022-03-23", signatories: [{ role: "stadsdelsdirektör" }] } })
      .thenRefuses(DateOrderViolationError, { field: "data.signedOn", bound: "2022-03-24" });
  });

  it("given a decision dated before the application arrived, then it is refused", () => {
    const early = {
      ...grant2022,
      data: { ...grant2022.data, decision: { body: rinkebyKista.name, date: "2022-02-01" } },
    } as Command;
    given(history([apply2022]))
      .when(early)
      .thenRefuses(DateOrderViolationError, { field: "data.decision.date" });
  });

  it("given the signed agreement, when the 2022 report arrives in February 2023, then it is recorded", () => {
    given(history([apply2022, grant2022, sign2022]))
      .when(report2022)
      .thenRecords(([event]) => expect(event?.type).toBe("PeriodReported"));
  });

  it("given the 2022 report, when a report overlapping it arrives, then it is refused naming data.period", () => {
    const refused = given(history([apply2022, grant2022, sign2022, report2022]))
      .when({
        type: "ReportPeriod",
        data: { reportedOn: "2023-03-01", period: { start: "2022-06-01", end: "2022-07-31" } },
      })
      .thenRefuses(OverlappingReportError, { field: "data.period" });
    expect(refused.message).toBe(
      "data.period (2022-06-01–2022-07-31) overlaps the report already recorded for 2022-01-01–2022-12-31",
    );
  });

  it("given the 2022 agreement, when a report covers 2023, then it is outside the agreement period", () => {
    const refused = given(history([apply2022, grant2022, sign2022]))
      .when({
        type: "ReportPeriod",
        data: { reportedOn: "2024-01-15", period: { start: "2023-01-01", end: "2023-12-31" } },
      })
      .thenRefuses(ReportOutsidePeriodError, { field: "data.period" });
    expect(refused.message).toBe(
      "data.period (2023-01-01–2023-12-31) is not inside the agreement period (2022-01-01–2022-12-31)",
    );
  });

  it("given the 2022 report, when an amendment cuts the period short of it, then the amended period is named", () => {
    const refused = given(history([apply2022, grant2022, sign2022, report2022]))
      .when({
        type: "Amend",
        data: {
          decision: { body: rinkebyKista.name, date: "2023-03-16" },
          changes: { period: { start: "2022-01-01", end: "2022-06-30" } },
        },
      })
      .thenRefuses(ReportOutsidePeriodError, {
        field: "data.changes.period",
        reported: { start: "2022-01-01", end: "2022-12-31" },
        agreement: { start: "2022-01-01", end: "2022-06-30" },
      });
    expect(refused.message).toBe(
      "data.changes.period (2022-01-01–2022-06-30) must cover the report already recorded for 2022-01-01–2022-12-31",
    );
  });

  it("given the signed agreement, when it is signed again, then the refusal says why once", () => {
    const refused = given(history([apply2022, grant2022, sign2022]))
      .when(sign2022)
      .thenRefuses(LifecycleViolationError, { command: "Sign", status: "signed" });
    expect(refused.message).toBe("Sign is not allowed: the agreement is already signed");
  });

  it("given the grant of 2022-03-24, when the application is withdrawn on 2022-03-20, then the date order is refused", () => {
    given(history([apply2022, grant2022]))
      .when({ type: "Withdraw", data: { withdrawnOn: "2022-03-20", by: "organisation" } })
      .thenRefuses(DateOrderViolationError, { field: "data.withdrawnOn", bound: "2022-03-24" });
    given(history([apply2022, grant2022]))
      .when({ type: "Withdraw", data: { withdrawnOn: "2022-03-24", by: "organisation" } })
      .thenRecords(([event]) => expect(event?.type).toBe("Withdrawn"));
  });

  it("given a report dated before its period starts, then it is refused", () => {
    given(history([apply2022, grant2022, sign2022]))
      .when({
        type: "ReportPeriod",
        data: { reportedOn: "2021-12-31", period: { start: "2022-01-01", end: "2022-06-30" } },
      })
      .thenRefuses(DateOrderViolationError, { field: "data.reportedOn" });
  });

  it("given the signed agreement, when it is extended to a later end, then the extension is recorded", () => {
    given(history([apply2022, grant2022, sign2022]))
      .when({
        type: "Extend",
        data: { decision: { body: rinkebyKista.name, date: "2022-11-10" }, newEnd: "2023-03-31" },
      })
      .thenRecords(([event]) => expect(event?.type).toBe("Extended"));
  });

  it("given the signed agreement, when an 'extension' ends before the current end, then it is refused", () => {
    given(history([apply2022, grant2022, sign2022]))
      .when({
        type: "Extend",
        data: { decision: { body: rinkebyKista.name, date: "2022-11-10" }, newEnd: "2022-12-31" },
      })
      .thenRefuses(DateOrderViolationError, { field: "data.newEnd", bound: "2023-01-01" });
  });

  it("given a termination from 2022-06-30, then a report beyond that date is refused and one before it accepted", () => {
    const terminate: Command = {
      type: "Terminate",
      data: {
        kind: "mutual",
        initiatedBy: "organisation",
        decidedOn: "2022-06-01",
        effectiveOn: "2022-06-30",
        reason: "Föreningen upphör med verksamheten",
      },
    };
    const terminated = history([apply2022, grant2022, sign2022, terminate]);
    given(terminated).when(report2022).thenRefuses(ReportOutsidePeriodError);
    given(terminated)
      .when({
        type: "ReportPeriod",
        data: { reportedOn: "2022-08-15", period: { start: "2022-01-01", end: "2022-06-30" } },
      })
      .thenRecords(([event]) => expect(event?.type).toBe("PeriodReported"));
    given(terminated)
      .when({
        type: "Extend",
        data: { decision: { body: rinkebyKista.name, date: "2022-07-01" }, newEnd: "2023-06-30" },
      })
      .thenRefuses(LifecycleViolationError, { status: "terminated" });
  });
});

describe("Husby 2023: Rinkeby-Kista is succeeded by Järva on 2023-07-01", () => {
  const [apply, grant, sign, succeed] = husby(husbyAgreementIds.y2023) as [
    Command,
    Command,
    Command,
    Command,
  ];

  it("given the signed 2023 agreement, when the council is succeeded, then Järva is the public party", () => {
    given(history([apply, grant, sign]))
      .when(succeed)
      .thenRecords(([event]) =>
        expect(event).toMatchObject({
          type: "PublicPartySucceeded",
          data: { successor: { name: jarva.name } },
        }),
      );
  });

  it("given the succession on 2023-07-01, when Järva is succeeded in turn from an earlier date, then the date order is refused", () => {
    // A hypothetical later merger of Järva: the chain of successions must run forwards in time.
    const onward = (effectiveOn: string): Command => ({
      type: "SucceedPublicParty",
      data: { predecessor: jarva, successor: { name: "Nordvästra stadsdelsnämnden" }, effectiveOn },
    });
    given(history([apply, grant, sign, succeed]))
      .when(onward("2023-06-30"))
      .thenRefuses(DateOrderViolationError, { field: "data.effectiveOn", bound: "2023-07-01" });
    given(history([apply, grant, sign, succeed]))
      .when(onward("2023-07-01"))
      .thenRecords(([event]) => expect(event?.type).toBe("PublicPartySucceeded"));
  });

  it("given the succession, when it is repeated for Rinkeby-Kista, then the predecessor is no longer a party", () => {
    given(history([apply, grant, sign, succeed]))
      .when(succeed)
      .thenRefuses(InvalidCommandError);
  });
});

describe("Husby 2024: evaluation over the whole partnership and renegotiation", () => {
  const [apply, grant, sign, evaluate, renegotiate] = husby(husbyAgreementIds.y2024) as [
    Command,
    Command,
    Command,
    Command,
    Command,
  ];

  it("given the signed 2024 agreement without its annual report, when the joint workshop evaluates all four agreements, then it is recorded", () => {
    given(history([apply, grant, sign]))
      .when(evaluate)
      .thenRecords(([event]) =>
        expect(event).toMatchObject({
          type: "Evaluated",
          data: { scope: expect.arrayContaining([husbyAgreementIds.first]) },
        }),
      );
  });

  it("given the renegotiation commissioned, when it is commissioned again, then it is refused", () => {
    given(history([apply, grant, sign, evaluate, renegotiate]))
      .when(renegotiate)
      .thenRefuses(LifecycleViolationError);
  });

  it("given the workshop of 2024-05-15, when its approving decision is dated before it, then the date order is refused", () => {
    const early = {
      ...evaluate,
      data: { ...evaluate.data, decision: { body: jarva.name, date: "2024-05-14" } },
    } as Command;
    given(history([apply, grant, sign]))
      .when(early)
      .thenRefuses(DateOrderViolationError, { field: "data.decision.date", bound: "2024-05-15" });
  });

  it("given the evaluated agreement, when the renegotiation names the agreement itself as successor, then it is refused", () => {
    const toItself = {
      ...renegotiate,
      data: { ...renegotiate.data, successorAgreementId: husbyAgreementIds.y2024 },
    } as Command;
    given(history([apply, grant, sign, evaluate]))
      .when(toItself)
      .thenRefuses(InvalidCommandError, {
        issues: [expect.objectContaining({ field: "data.successorAgreementId" })],
      });
  });

  it("given an evaluation whose scope leaves this agreement out, then it is refused naming the scope", () => {
    const wrong = { ...evaluate, data: { ...evaluate.data, scope: [husbyAgreementIds.first] } } as Command;
    given(history([apply, grant, sign]))
      .when(wrong)
      .thenRefuses(InvalidCommandError, {
        issues: [expect.objectContaining({ field: "data.scope" })],
      });
  });
});

describe("Rinkeby-Kista 2022: rejections end the case", () => {
  const somUnited = rinkebyKista2022
    .filter((s) => s.agreementId.endsWith("som-united"))
    .map((s) => s.command);

  it("given Som United's rejection, when anything else is decided, then it is refused", () => {
    const rejected = history(somUnited);
    expect(rejected.at(-1)?.type).toBe("Rejected");
    given(rejected).when(grant2022).thenRefuses(LifecycleViolationError, { status: "rejected" });
    given(rejected)
      .when({ type: "Withdraw", data: { withdrawnOn: "2022-04-01", by: "organisation" } })
      .thenRefuses(LifecycleViolationError, { command: "Withdraw" });
  });

  it("given an application, when it is withdrawn, then nothing but the withdrawal stands", () => {
    const [apply] = somUnited as [Command];
    given(history([apply]))
      .when({
        type: "Withdraw",
        data: { withdrawnOn: "2022-03-01", by: "organisation", reason: "Annan finansiering" },
      })
      .thenRecords(([event]) => expect(event?.type).toBe("Withdrawn"));
  });

  it("a grant may exceed the request: Rinkeby Folkets Hus asked 2 148 924 kr and got 2 150 000 kr", () => {
    const folketsHus = rinkebyKista2022
      .filter((s) => s.agreementId.endsWith("folkets-hus"))
      .map((s) => s.command);
    const events = history(folketsHus);
    expect(events.map((e) => e.type)).toEqual(["Applied", "Granted"]);
    expect(events[0]).toMatchObject({ data: { requestedKronor: 2_148_924 } });
    expect(events[1]).toMatchObject({ data: { grantedKronor: 2_150_000 } });
  });
});
