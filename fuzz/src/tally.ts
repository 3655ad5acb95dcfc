import { describeThrown } from "@iop/core/adapter-kit";

/** Which of the two public entry points an input went through. */
export type Phase = "append" | "handle";

/** One input that broke a promise: what it was and what went wrong. */
export interface Counterexample {
  readonly phase: Phase;
  /** The input's number in its phase (from 0): with the seed, it finds the input again. */
  readonly run: number;
  readonly verdict: string;
  /** The path and a short description of the hostile value. */
  readonly input: string;
  readonly detail: string;
}

/** What one adapter made of the inputs; plain data, so a child process can send it. */
export interface Tally {
  readonly adapter: string;
  inputs: number;
  /** The store stopped working (a sane append and read failed after an input), or the process died. */
  crashes: number;
  untyped: number;
  /** Acknowledged, but read back different. */
  changed: number;
  /** Refused, yet something was stored. */
  partial: number;
  acknowledged: number;
  /** Refusals by error code. */
  readonly refusals: Record<string, number>;
  readonly examples: Counterexample[];
  seconds: number;
}

/** Counterexamples kept per adapter: the first few are enough to start from. */
export const MAX_EXAMPLES = 5;

export function emptyTally(adapter: string): Tally {
  return {
    adapter,
    inputs: 0,
    crashes: 0,
    untyped: 0,
    changed: 0,
    partial: 0,
    acknowledged: 0,
    refusals: {},
    examples: [],
    seconds: 0,
  };
}

/** The sum of the four counters that must be 0. */
export function failures(tally: Tally): number {
  return tally.crashes + tally.untyped + tally.changed + tally.partial;
}

/** Keeps a counterexample while fewer than {@link MAX_EXAMPLES} are kept. */
export function keepExample(tally: Tally, example: Counterexample): void {
  if (tally.examples.length < MAX_EXAMPLES) tally.examples.push(example);
}

/** Counts a refusal under its error code. */
export function countRefusal(tally: Tally, error: unknown): void {
  const code = (error as { code?: unknown } | undefined)?.code;
  const key = typeof code === "string" ? code : "?";
  tally.refusals[key] = (tally.refusals[key] ?? 0) + 1;
}

/** An error in one line with its class, at most 200 characters. */
export function shortError(error: unknown): string {
  const name = error instanceof Error ? `${error.constructor.name}: ` : "";
  const text = `${name}${describeThrown(error)}`.replace(/\s+/g, " ");
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
