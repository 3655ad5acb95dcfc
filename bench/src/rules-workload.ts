import { AgreementCommandHandler, type EventStore } from "@iop/core";
import { createValidator, stockholmRules, storeAgreementLookup } from "@iop/rules";
import type { GrowthPoint } from "./growth.js";
import type { RulesPlan } from "./plan.js";
import { rulesCommands } from "./rules-data.js";

/**
 * Records the workload's commands through `AgreementCommandHandler` with the Stockholm rules,
 * looking the organisations' agreements up with `storeAgreementLookup(store)`, and times the
 * window of commands before each checkpoint.
 * @throws {Error} when a command is warned about: the data is meant to pass every rule.
 */
export async function recordThroughRules(store: EventStore, plan: RulesPlan): Promise<GrowthPoint[]> {
  const commands = rulesCommands(plan.checkpoints.at(-1) ?? 0);
  const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(store) });
  const handler = new AgreementCommandHandler({ store, validator });
  const starts = new Set(plan.checkpoints.map((at) => at - plan.window));
  const points: GrowthPoint[] = [];
  let started = performance.now();
  for (const [i, { agreementId, command }] of commands.entries()) {
    if (starts.has(i)) started = performance.now();
    const { warnings } = await handler.handle(agreementId, command);
    if (warnings.length > 0)
      throw new Error(`${agreementId} ${command.type}: ${warnings.map((w) => w.code).join(", ")}`);
    if (plan.checkpoints.includes(i + 1))
      points.push({ at: i + 1, commands: plan.window, seconds: (performance.now() - started) / 1000 });
  }
  return points;
}
