import { addCalendarDays } from "@iop/core";
import {
  authorityInForceRule,
  configure,
  defineRule,
  extend,
  genericSwedishRules,
  mergeRegistries,
  noParameters,
  replace,
  reportDeadline,
  ruleEntry,
  stockholmDistrictCouncils,
  violation,
  without,
} from "@iop/rules";

// A rule of your own: a stable code, both languages, a source.
export const caseNumberRequired = defineRule({
  code: "CASE_NUMBER_MISSING",
  description: { sv: "Beslutet har ett diarienummer", en: "The decision has a case number" },
  source: "Our municipality's IOP guidelines (example)",
  defaultSeverity: "error",
  appliesTo: ["Granted", "Rejected"],
  parameters: noParameters,
  check: ({ event }) =>
    (event.type === "Granted" || event.type === "Rejected") && event.data.decision.caseNumber === undefined
      ? [
          violation("CASE_NUMBER_MISSING", "error", "data.decision.caseNumber", {
            sv: "Beslutet saknar diarienummer",
            en: "The decision has no case number",
          }),
        ]
      : [],
});

// Your own version of a shipped rule, under its code: more than 1 000 000 kr reports within
// 30 days of the period's end, less by 31 March of the following year.
export const reportLateByAmount = defineRule({
  code: "REPORT_LATE",
  description: {
    sv: "Återrapporteringen lämnas i tid: inom 30 dagar över 1 000 000 kr, annars senast 31 mars året efter",
    en: "The period report is on time: within 30 days above 1 000 000 kr, else by 31 March of the next year",
  },
  source: "Our municipality's IOP guidelines (example)",
  defaultSeverity: "warning",
  appliesTo: ["PeriodReported"],
  parameters: noParameters,
  check: ({ event, state }) => {
    if (event.type !== "PeriodReported") return [];
    const { reportedOn, period } = event.data;
    const due =
      (state.grantedKronor ?? 0) > 1_000_000
        ? addCalendarDays(period.end, 30)
        : reportDeadline(period.end, { kind: "following-year", month: 3, day: 31 });
    if (reportedOn <= due) return [];
    return [
      violation("REPORT_LATE", "warning", "data.reportedOn", {
        sv: `Rapporten lämnades ${reportedOn}, efter tidsfristen ${due}`,
        en: `The report was made on ${reportedOn}, after its deadline ${due}`,
      }),
    ];
  },
});

let mine = extend(genericSwedishRules, { rule: caseNumberRequired }); // add
mine = configure(mine, "AGREEMENT_TOO_LONG", { params: { maxMonths: 24 } }); // other limit
mine = configure(mine, "RETROACTIVE_START", { severity: "error" }); // stricter
mine = configure(mine, "DE_MINIMIS_EXCEEDED", { params: { sekPerEur: 11.2 } }); // today's rate
mine = replace(mine, "REPORT_LATE", ruleEntry(reportLateByAmount)); // your own version
mine = without(mine, "OVERLAPPING_AGREEMENT"); // not wanted

// Reference data of your own bodies, or Stockholm's extended with boards it does not list:
const registry = mergeRegistries(stockholmDistrictCouncils, {
  version: "socialnamnden-1",
  bodies: [{ name: "Socialnämnden", validFrom: "2007-01-01" }],
});

/** The municipality's rule set: give it to `createValidator`. */
export const ourRules = extend(mine, ruleEntry(authorityInForceRule, { params: { registry } }));
