import { z } from "zod";
import { calendarDate } from "./calendar-date.js";
import { nonEmptyText } from "./parties.js";

/** Reference to the document an event was recorded from (a board decision, a report…). */
export const sourceDocument = z.strictObject({
  title: nonEmptyText,
  /** Diarienummer: opaque, as in a decision. */
  caseNumber: nonEmptyText.optional(),
  date: calendarDate.optional(),
  /** Where the document can be read. */
  uri: nonEmptyText.optional(),
});
/** Reference to the document an event was recorded from. */
export type SourceDocument = z.infer<typeof sourceDocument>;
