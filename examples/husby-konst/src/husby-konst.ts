/**
 * The partnership between Husby Konst- och Hantverksförening and Rinkeby-Kista (from 2023-07-01
 * Järva) district council, 2019–2024, told document by document. The dates, the 2022 amount,
 * its decision and the merger are the documents'; the other amounts and most days are
 * illustrative, as in `@iop/fixtures` (see its `husbyHistory`).
 */
import type { Command } from "@iop/core";
import {
  HUSBY_PARTNERSHIP_ID,
  husbyAgreementIds as ids,
  jarva,
  organisations,
  people,
  priorityAreas,
  RINKEBY_KISTA_DECISION_DATE,
  record,
  rinkebyKista,
  rinkebyKista2022,
} from "@iop/fixtures";
import { fundingProjection, readFunding, readTimelines, runLive, timelineProjection } from "@iop/projections";
import { kronor } from "./register-line.js";
import { Story } from "./story.js";

const husby = organisations.husbyKonst;
const purpose = "Förebyggande och tidiga insatser för barn och unga, även med funktionsnedsättning";

// The four commands the documents repeat each year, written out once; the rest are inline below.

/** The association's application (ansökan) for one agreement. */
function apply(
  agreementId: string,
  receivedOn: string,
  council: typeof rinkebyKista,
  requestedKronor: number,
  year: { start: string; end: string },
  predecessorAgreementId?: string,
): Command {
  return {
    type: "Apply",
    data: {
      agreementId,
      partnershipId: HUSBY_PARTNERSHIP_ID,
      ...(predecessorAgreementId === undefined ? {} : { predecessorAgreementId }),
      publicParties: [council],
      organisation: husby,
      receivedOn,
      purpose,
      priorityArea: priorityAreas.earlyInterventions,
      requestedKronor,
      requestedPeriod: year,
    },
  };
}

/** The district council's grant (beslut om finansiering) with its first decision point. */
function grant(
  body: string,
  date: string,
  grantedKronor: number,
  period: { start: string; end: string },
): Command {
  return {
    type: "Grant",
    data: {
      decision: {
        body,
        date,
        points: [
          {
            number: 1,
            text: `Stadsdelsnämnden godkänner finansiering om ${kronor(grantedKronor)} för IOP med ${husby.name} under perioden ${period.start} till ${period.end}.`,
          },
        ],
        signatories: [people.districtDirector],
      },
      grantedKronor,
      period,
    },
  };
}

/** Both parties sign (teckna överenskommelsen). */
const sign = (signedOn: string): Command => ({
  type: "Sign",
  data: { signedOn, signatories: [people.districtDirector, people.associationChair] },
});

/** The association's report (återrapport) for a period of the agreement. */
const report = (reportedOn: string, start: string, end: string): Command => ({
  type: "ReportPeriod",
  data: {
    reportedOn,
    period: { start, end },
    activities: [{ name: "Art Camp" }, { name: "Konstakuten" }],
    deviations: {},
    commitmentsMet: { public: true, organisation: true },
  },
});

const y2019 = { start: "2019-06-01", end: "2020-08-31" };
const y2022 = { start: "2022-01-01", end: "2022-12-31" };
const y2023 = { start: "2023-01-01", end: "2023-12-31" };
const y2024 = { start: "2024-01-01", end: "2024-12-31" };

/** Tells the story to `print`, one step per document, and returns the story's store. */
export async function tellHusbyKonst(print: (line: string) => void): Promise<Story> {
  const story = new Story(print);
  print("Husby Konst- och Hantverksförening × Rinkeby-Kista / Järva stadsdelsnämnd, 2019–2024");
  print("");

  // 2019: the association applies for its summer Art Camp and the outreach Konstakuten.
  await story.step({
    date: "2019-04-15",
    agreementId: ids.first,
    story: "Husby Konst applies to Rinkeby-Kista for Art Camp and Konstakuten, June 2019 – August 2020.",
    command: apply(ids.first, "2019-04-15", rinkebyKista, 250_000, y2019),
    actor: "case-officer",
  });
  await story.step({
    date: "2019-05-23",
    agreementId: ids.first,
    story: "The district council grants it at its May meeting.",
    command: grant(rinkebyKista.name, "2019-05-23", 250_000, y2019),
    actor: "district-council",
  });
  await story.step({
    date: "2019-05-31",
    agreementId: ids.first,
    story: "The district director and the association's chair sign the agreement.",
    command: sign("2019-05-31"),
    actor: "district-director",
  });
  await story.step({
    date: "2020-02-14",
    agreementId: ids.first,
    story: "The association reports 2019: Art Camp in the summer and autumn holidays, Konstakuten started.",
    command: report("2020-02-14", y2019.start, "2019-12-31"),
    actor: "case-officer",
  });
  await story.step({
    date: "2020-10-15",
    agreementId: ids.first,
    story: "…and the rest of the period, which ended on 2020-08-31.",
    command: report("2020-10-15", "2020-01-01", y2019.end),
    actor: "case-officer",
  });

  // 2021: no agreement. Every IOP of the district lapsed; the next decisions came in March 2022.
  await story.step({
    date: "2022-02-15",
    agreementId: ids.y2022,
    story: "A new application in February 2022, for the whole year 2022: nothing is in force.",
    command: apply(ids.y2022, "2022-02-15", rinkebyKista, 324_000, y2022, ids.first),
    actor: "case-officer",
  });
  await story.step({
    date: RINKEBY_KISTA_DECISION_DATE,
    agreementId: ids.y2022,
    story:
      "The board grants 324 000 kr on 2022-03-24 for a period that began on 2022-01-01: legal, and flagged.",
    command: grant(rinkebyKista.name, RINKEBY_KISTA_DECISION_DATE, 324_000, y2022),
    actor: "district-council",
  });

  // The same meeting decided seven more applications: the fixture's Rinkeby-Kista 2022 set.
  story.at(RINKEBY_KISTA_DECISION_DATE);
  const others = rinkebyKista2022.filter((s) => s.agreementId !== ids.y2022);
  const decided = await record(story.handler, others);
  const funding = readFunding(await runLive(fundingProjection, story.store));
  const rejected = decided.filter((d) => d.events[0]?.type === "Rejected").length;
  print(
    `${RINKEBY_KISTA_DECISION_DATE}  the same meeting decides ${others.length / 2} more applications: ${rejected} rejected; the 2022 grants come to ${kronor(funding.byYear["2022"] ?? 0)}`,
  );
  print("");

  await story.step({
    date: "2022-04-05",
    agreementId: ids.y2022,
    story: "Signed in April by the district director and the association's chair.",
    command: sign("2022-04-05"),
    actor: "district-director",
  });
  await story.step({
    date: "2022-11-15",
    agreementId: ids.y2023,
    story: "The application for 2023 arrives in November: this time the decision comes before the year.",
    command: apply(ids.y2023, "2022-11-15", rinkebyKista, 330_000, y2023, ids.y2022),
    actor: "case-officer",
  });
  await story.step({
    date: "2022-12-15",
    agreementId: ids.y2023,
    story: "Granted: 330 000 kr for 2023.",
    command: grant(rinkebyKista.name, "2022-12-15", 330_000, y2023),
    actor: "district-council",
  });
  await story.step({
    date: "2023-01-10",
    agreementId: ids.y2023,
    story: "Signed.",
    command: sign("2023-01-10"),
    actor: "district-director",
  });
  await story.step({
    date: "2023-02-28",
    agreementId: ids.y2022,
    story: "The association reports 2022: Art Camp and Konstakuten carried out.",
    command: report("2023-02-28", y2022.start, y2022.end),
    actor: "case-officer",
  });

  // 2023-07-01: Rinkeby-Kista and Spånga-Tensta merge into Järva; the agreement goes on.
  await story.step({
    date: "2023-07-01",
    agreementId: ids.y2023,
    story: "The city council merged the district councils: Järva takes over the agreement.",
    command: {
      type: "SucceedPublicParty",
      data: {
        predecessor: rinkebyKista,
        successor: jarva,
        effectiveOn: "2023-07-01",
        basis: "Kommunfullmäktiges beslut 2023-04-24: Rinkeby-Kista och Spånga-Tensta bildar Järva",
      },
    },
    actor: "city-registry",
  });
  await story.step({
    date: "2023-11-15",
    agreementId: ids.y2024,
    story: "The 2024 application goes to Järva.",
    command: apply(ids.y2024, "2023-11-15", jarva, 340_000, y2024, ids.y2023),
    actor: "case-officer",
  });
  await story.step({
    date: "2023-12-14",
    agreementId: ids.y2024,
    story: "Järva grants 340 000 kr for 2024.",
    command: grant(jarva.name, "2023-12-14", 340_000, y2024),
    actor: "district-council",
  });
  await story.step({
    date: "2024-01-15",
    agreementId: ids.y2024,
    story: "Signed.",
    command: sign("2024-01-15"),
    actor: "district-director",
  });
  await story.step({
    date: "2024-02-28",
    agreementId: ids.y2023,
    story: "The association reports 2023.",
    command: report("2024-02-28", y2023.start, y2023.end),
    actor: "case-officer",
  });

  // Spring 2024: a joint workshop evaluated all four agreements; the board approved the
  // final report on 2024-11-21 and asked for the agreement to be renegotiated.
  await story.step({
    date: "2024-11-21",
    agreementId: ids.y2024,
    story: "Järva approves the final report: the partnership's goals were met.",
    command: {
      type: "Evaluate",
      data: {
        evaluatedOn: "2024-05-15",
        scope: [ids.first, ids.y2022, ids.y2023, ids.y2024],
        method: "Gemensam utvärderingsworkshop över partnerskapets hela tidsperiod",
        goalAttainment: {
          overall: "met",
          assessment: "Barn och unga i närområdet har fått en meningsfull, kreativ och varierande fritid.",
        },
        deviations: {},
        commitmentsMet: { public: true, organisation: true },
        decision: {
          body: jarva.name,
          date: "2024-11-21",
          points: [{ number: 1, text: "Stadsdelsnämnden godkänner förvaltningens slutrapport." }],
          signatories: [people.districtDirector, people.headOfDepartment2024],
        },
      },
    },
    actor: "district-council",
  });
  await story.step({
    date: "2024-11-21",
    agreementId: ids.y2024,
    story: "…and commissions a renegotiation: the agreement runs out on 2024-12-31.",
    command: {
      type: "Renegotiate",
      data: {
        decision: {
          body: jarva.name,
          date: "2024-11-21",
          points: [
            { number: 2, text: "Stadsdelsnämnden uppdrar till förvaltningen att inleda en omförhandling." },
          ],
        },
        reason: "Överenskommelsen löper ut den 31 december 2024",
      },
    },
    actor: "district-council",
  });

  // What the history shows as a whole: the partnership's timeline.
  print("");
  const [timeline] = readTimelines(await runLive(timelineProjection, story.store)).filter((t) =>
    t.partnershipIds.includes(HUSBY_PARTNERSHIP_ID),
  );
  print(`The partnership: ${timeline?.agreements.map((a) => a.agreementId).join(" → ")}`);
  for (const gap of timeline?.gaps ?? []) print(`  gap without an agreement: ${gap.from} – ${gap.to ?? "…"}`);
  for (const s of timeline?.successions ?? [])
    print(`  succession: ${s.from} → ${s.to} from ${s.effectiveOn}`);
  return story;
}
