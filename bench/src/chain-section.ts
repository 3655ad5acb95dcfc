import {
  type ChainFigures,
  chainFigures,
  chainTable,
  fastestMeasurements,
  microsPerEvent,
} from "./chain-report.js";
import {
  CHAIN_SHAPES,
  CHAIN_WRITERS,
  type ChainShape,
  type ChainWriter,
  type Measurement,
  type Target,
} from "./job.js";
import { CHAIN_WORKLOAD, type ContenderSpec, eventCount } from "./plan.js";
import type { Group } from "./report.js";
import { jobOf, type SectionContext } from "./section.js";

/** One backend setting's chain workload: its best measurements and the figures from them. */
export interface ChainRun {
  readonly group: Group["key"];
  readonly measurements: readonly Measurement[];
  readonly figures: readonly ChainFigures[];
  /** Peak RSS of its children (each held all three writers' data), in kilobytes. */
  readonly maxRssKb: number;
}

function progressLine(spec: ContenderSpec, measurements: readonly Measurement[], round: string): string {
  const us = (name: string) => {
    const m = measurements.find((x) => x.workload === name);
    return m === undefined ? "?" : microsPerEvent(m).toFixed(1);
  };
  const shapes = CHAIN_SHAPES.map(
    (shape) =>
      `${shape}: raw ${us(`chain-raw-${shape}`)}, +chain ${us(`chain-chained-${shape}`)}, ours ${us(`chain-ours-${shape}`)}, sealing ${us(`chain-seal-${shape}`)}`,
  );
  return `  ${spec.id.padEnd(20)} µs/event — ${shapes.join("; ")}${round}`;
}

/**
 * The chain workload: for each backend setting whose contender of ours was chosen, a child per
 * round that times the chain's sealing alone and the same appends by the raw driver without the
 * chain, with it, and by ours, each writer and shape on a fresh database.
 */
export async function runChainSection(
  context: SectionContext,
  specs: readonly ContenderSpec[],
  groupList: readonly Group[],
): Promise<ChainRun[]> {
  const { profile, rounds } = context;
  const single = Math.min(profile.chainSingleLimit, eventCount(profile.shape));
  console.log(
    `\n${CHAIN_WORKLOAD.label}: ${single.toLocaleString("en-US")} single appends and ` +
      `${eventCount(profile.shape).toLocaleString("en-US")} events in appends of ${profile.batchSize}, per writer`,
  );
  const runs: ChainRun[] = [];
  for (const group of groupList) {
    const spec = specs.find((s) => s.id === group.ours);
    if (spec === undefined) continue;
    const tries: Measurement[][] = [];
    let maxRssKb = 0;
    for (let round = 1; round <= rounds; round++) {
      const targets: Partial<Record<`${ChainWriter}-${ChainShape}`, Target>> = {};
      for (const writer of CHAIN_WRITERS)
        for (const shape of CHAIN_SHAPES)
          targets[`${writer}-${shape}`] = await context.target(spec, `chain_${writer}_${shape}_r${round}`);
      const first = targets["raw-single"] as Target;
      const result = await context.run(
        jobOf(context, spec, [{ id: "chain", target: first, targets, limit: single }]),
      );
      context.fingerprints(result);
      maxRssKb = Math.max(maxRssKb, result.maxRssKb);
      console.log(progressLine(spec, result.measurements, rounds > 1 ? ` (round ${round})` : ""));
      if (result.error !== undefined) {
        context.fail(`${spec.id} chain`, result.error);
        console.log(`  ${spec.id} FAILED: ${result.error.split("\n")[0]}`);
        break;
      }
      tries.push([...result.measurements]);
    }
    const measurements = fastestMeasurements(tries);
    runs.push({ group: group.key, measurements, figures: chainFigures(group.key, measurements), maxRssKb });
  }
  return runs;
}

/** The chain workload's table, or `undefined` when it did not run. */
export function chainReport(runs: readonly ChainRun[]): string | undefined {
  const figures = runs.flatMap((r) => r.figures);
  return figures.length === 0 ? undefined : chainTable(figures);
}
