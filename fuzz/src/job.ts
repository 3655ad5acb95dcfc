import type { Target } from "./adapters.js";
import type { Tally } from "./tally.js";

/** What the parent asks one child process to fuzz. */
export interface Job {
  readonly target: Target;
  readonly runs: number;
  readonly seed: number;
}

/** What a child sends back: the tally so far, now and then, and the final one. */
export type ChildMessage =
  | { readonly kind: "progress"; readonly tally: Tally }
  | { readonly kind: "result"; readonly tally: Tally };
