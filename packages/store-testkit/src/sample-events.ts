import type { NewEvent } from "@iop/core";

/**
 * Small events in the shape of the IOP schema (a period report of the Husby case), so the
 * suite stores what adapters really store without depending on the domain model.
 */
export function sampleEvent(n: number, extra: Record<string, unknown> = {}): NewEvent {
  return {
    type: "PeriodReported",
    schemaVersion: 1,
    data: {
      reportedOn: "2023-03-15",
      period: { start: "2022-01-01", end: "2022-12-31" },
      activities: [{ name: "Art Camp", occasions: n % 12, participants: 20 + (n % 40) }],
      summary: `Rapport ${n}: Konstakuten nådde barn och unga i Husby`,
      ...extra,
    },
    metadata: { actor: "case-officer", correlationId: `corr-${n}` },
  };
}

/** `count` sample events numbered from `from`. */
export function sampleEvents(count: number, from = 0): NewEvent[] {
  return Array.from({ length: count }, (_, i) => sampleEvent(from + i));
}

let counter = 0;

/** A stream id no other test uses, so suites can share one store. */
export function uniqueStreamId(label: string): string {
  counter += 1;
  return `agreement-${label}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
