import { z } from "zod";
import { calendarDate } from "../schemas/calendar-date.js";
import { decision } from "../schemas/decision.js";
import { nonEmptyText } from "../schemas/parties.js";
import { period } from "../schemas/period.js";

const count = z.number().int().nonnegative();

/** Whether each party met its commitments. */
export const commitmentsMet = z.object({
  public: z.boolean(),
  organisation: z.boolean(),
  comment: z.string().optional(),
});

/** Deviations from schedule and budget; absent means none were reported. */
export const deviations = z.object({
  schedule: z.string().optional(),
  budget: z.string().optional(),
});

/** `PeriodReported`: the organisation reported back (återrapportering) on one period. */
export const periodReportedData = z.object({
  reportedOn: calendarDate,
  period,
  activities: z
    .array(z.object({ name: nonEmptyText, occasions: count.optional(), participants: count.optional() }))
    .default([]),
  peopleReached: count.optional(),
  deviations: deviations.default({}),
  commitmentsMet: commitmentsMet.optional(),
  summary: z.string().optional(),
});
/** The data of a `PeriodReported` event. */
export type PeriodReportedData = z.infer<typeof periodReportedData>;

/**
 * `Evaluated`: an evaluation or final report. It may cover several agreements of one
 * partnership and may come before the last period report (Husby: spring 2024 workshop).
 */
export const evaluatedData = z.object({
  evaluatedOn: calendarDate,
  /** Agreement ids the evaluation covers, this one included. */
  scope: z.array(z.string().min(1)).min(1, { message: "must name at least one agreement" }),
  method: nonEmptyText,
  goalAttainment: z.object({
    overall: z.enum(["met", "partly-met", "not-met"]),
    assessment: z.string().optional(),
  }),
  deviations: deviations.default({}),
  commitmentsMet: commitmentsMet.optional(),
  lessons: z
    .object({
      challenges: z.array(nonEmptyText).default([]),
      successFactors: z.array(nonEmptyText).default([]),
    })
    .default({ challenges: [], successFactors: [] }),
  genderEqualityAnalysis: z.string().optional(),
  childImpactAnalysis: z.string().optional(),
  /** The board decision that approved the report, when there was one. */
  decision: decision.optional(),
});
/** The data of an `Evaluated` event. */
export type EvaluatedData = z.infer<typeof evaluatedData>;
