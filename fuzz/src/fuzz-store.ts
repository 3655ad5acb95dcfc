import type { EventStore } from "@iop/core";
import {
  createHandleJudge,
  describeHostileCall,
  type HandleStep,
  hostileCallArbitrary,
  sameJson,
} from "@iop/core/testing";
import { husbyHistory, rinkebyKista2022 } from "@iop/fixtures";
import { appendJudgement, hostileAppendArbitrary, sampleEvent, uniqueStreamId } from "@iop/store-testkit";
import fc from "fast-check";
import { countRefusal, emptyTally, keepExample, type Phase, shortError, type Tally } from "./tally.js";

/** Options of {@link fuzzStore}. */
export interface FuzzOptions {
  /** Inputs through `append`, and as many through `handle`. */
  readonly runs: number;
  /** The fast-check seed: the same seed and runs give the same inputs. */
  readonly seed: number;
  /**
   * The real histories the hostile commands are made from (see `hostileCallArbitrary`); by
   * default the Husby history and Rinkeby-Kista's 2022 decisions of `@iop/fixtures`.
   */
  readonly scripts?: readonly (readonly HandleStep[])[];
  /** Called every {@link PROGRESS_EVERY} inputs with the tally so far. */
  readonly onProgress?: (tally: Tally) => void;
}

/** How often {@link FuzzOptions.onProgress} is called, in inputs. */
export const PROGRESS_EVERY = 100;

/** Why the store no longer works, or `undefined` when a sane append on a fresh stream reads back. */
async function brokenBy(store: EventStore): Promise<string | undefined> {
  const id = uniqueStreamId("sane");
  const event = sampleEvent(1);
  try {
    await store.append(id, [event], { expectedVersion: "no-stream" });
    const back = await store.readStream(id);
    return back.length === 1 && sameJson(event.data, back[0]?.data)
      ? undefined
      : `a sane append then read gave ${back.length} event(s), not the one appended`;
  } catch (error) {
    return `a sane append then read failed: ${shortError(error)}`;
  }
}

/**
 * Sends `runs` hostile batches through `store.append` and `runs` hostile commands through an
 * `AgreementCommandHandler` on it, checking after each input that the store still works, and
 * counts what broke a promise: crashes, untyped errors, acknowledged-but-changed writes and
 * partial writes. A crash ends the run: the store is broken, and so is every later verdict.
 */
export async function fuzzStore(adapter: string, store: EventStore, options: FuzzOptions): Promise<Tally> {
  const tally = emptyTally(adapter);
  const started = performance.now();
  const judge = createHandleJudge(store);
  // Set when the store stopped working: the phase is ended, as later inputs would tell nothing.
  let stopped = false;
  const progress = () => {
    tally.seconds = (performance.now() - started) / 1000;
    if (tally.inputs % PROGRESS_EVERY === 0) options.onProgress?.(tally);
  };

  /** Runs one phase; `judgeOne` returns the verdict and an error or detail worth reporting. */
  async function phase<T>(
    name: Phase,
    inputs: fc.Arbitrary<T>,
    describe: (input: T) => string,
    judgeOne: (input: T) => Promise<{ verdict: string; error?: unknown; detail?: string }>,
  ): Promise<void> {
    let run = 0;
    const property = fc.asyncProperty(inputs, async (input) => {
      const at = run++;
      tally.inputs += 1;
      const example = (verdict: string, detail: string) =>
        keepExample(tally, { phase: name, run: at, verdict, input: describe(input), detail });
      const stop = (why: string): never => {
        tally.crashes += 1;
        example("crash", why);
        progress();
        stopped = true;
        throw new Error("the store stopped working");
      };
      let judged: Awaited<ReturnType<typeof judgeOne>>;
      try {
        judged = await judgeOne(input);
      } catch (error) {
        // The judge itself failed (a read back, a real history's setup): the store is broken.
        return stop(`the judge failed: ${shortError(error)}`);
      }
      const broken = await brokenBy(store);
      if (broken !== undefined) return stop(broken);
      const { verdict, error, detail = error === undefined ? "" : shortError(error) } = judged;
      if (verdict === "round-tripped" || verdict === "accepted") tally.acknowledged += 1;
      else if (verdict === "refused") countRefusal(tally, error);
      else {
        if (verdict === "untyped-error") tally.untyped += 1;
        else if (verdict === "changed") tally.changed += 1;
        else tally.partial += 1;
        example(verdict, detail);
      }
      progress();
    });
    // Never shrink: a counterexample is reported by its run number, and the store is shared.
    await fc.assert(property, { seed: options.seed, numRuns: options.runs, endOnFailure: true });
  }

  try {
    await phase(
      "append",
      hostileAppendArbitrary,
      (input) => input.label,
      (input) => appendJudgement(store, input.events),
    );
    await phase(
      "handle",
      hostileCallArbitrary(options.scripts ?? [husbyHistory, rinkebyKista2022]),
      describeHostileCall,
      (input) => judge.judge(input),
    );
  } catch (error) {
    if (!stopped) throw error;
  }
  tally.seconds = (performance.now() - started) / 1000;
  return tally;
}
