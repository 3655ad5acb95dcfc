import type { CalendarDate, Period } from "@iop/core";
import { dayBefore, type Succession } from "./agreement-view.js";

/** Which public party an agreement was with, and when. */
export type PartySpan = { readonly name: string; readonly from: CalendarDate; readonly to: CalendarDate };

/**
 * The public party over `period`, starting from `party` and following, in date order, the
 * successions of that party and of its successors: one span per party, cut at each succession
 * that takes effect inside the period. One that took effect by the period's start decides the
 * first span's party; the others (of other parties, or after the period) cut nothing.
 */
export function partySpans(successions: readonly Succession[], party: string, period: Period): PartySpan[] {
  const changes = [...successions].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
  let name = party;
  let from = period.start;
  const result: PartySpan[] = [];
  for (const s of changes) {
    if (s.from !== name) continue;
    if (s.effectiveOn <= from) {
      name = s.to;
      continue;
    }
    if (s.effectiveOn > period.end) break;
    result.push({ name, from, to: dayBefore(s.effectiveOn) });
    name = s.to;
    from = s.effectiveOn;
  }
  result.push({ name, from, to: period.end });
  return result;
}
