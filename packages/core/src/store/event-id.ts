import { randomUUID } from "node:crypto";

/**
 * A new event id: a time-ordered UUID (version 7, RFC 9562) — the millisecond it was made, then
 * random bits. Stores keep event ids in a unique index; ids that grow with time land at the
 * index's end instead of on a random page each, which made batched appends several times
 * slower with random (version 4) ids.
 */
export function newEventId(): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx, variant bits already set
  const time = Date.now().toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
