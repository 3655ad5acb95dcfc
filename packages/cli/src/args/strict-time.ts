import { UsageError } from "../output.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2022-02-30 over to March 2: a day that does not exist does not come back.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Refuses `--<option>` unless it is a calendar date written YYYY-MM-DD that exists. */
export function checkDate(option: string, value: string): void {
  if (!isCalendarDate(value))
    throw new UsageError(
      `--${option} must be a calendar date written YYYY-MM-DD (got ${JSON.stringify(value)})`,
    );
}

/**
 * Refuses `--<option>` unless it is an ISO 8601 instant with Z or an offset
 * (`2022-03-24T20:00:00Z`, `2022-03-24T21:00+01:00`) on a calendar date that exists.
 */
export function checkInstant(option: string, value: string): void {
  const match = INSTANT.exec(value);
  if (match === null || !isCalendarDate(match[1] ?? "") || Number.isNaN(Date.parse(value)))
    throw new UsageError(
      `--${option} must be an ISO 8601 instant with Z or an offset, on a day that exists, e.g. 2022-03-24T20:00:00Z (got ${JSON.stringify(value)})`,
    );
}
