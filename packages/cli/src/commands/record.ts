import {
  AgreementCommandHandler,
  type Command,
  type CommandContext,
  type EventStore,
  isDomainError,
} from "@iop/core";
import { createValidator, genericSwedishRules, stockholmRules, storeAgreementLookup } from "@iop/rules";
import { readInput } from "../io/read-input.js";
import { type Output, UsageError } from "../output.js";
import { NoKeyStoreError } from "../personal-data-view.js";

/** The rule sets `--rules` can name. */
export const RULE_PRESETS = {
  stockholm: stockholmRules,
  generic: genericSwedishRules,
  none: undefined,
} as const;

/** One step of a commands file. */
export interface Step {
  readonly agreementId: string;
  readonly command: Command;
  readonly context?: CommandContext;
}

/**
 * Reads and checks a commands file before any store is opened: a missing file, broken JSON or a
 * malformed step is a usage error naming the file and the step.
 */
export async function readSteps(file: string): Promise<readonly Step[]> {
  return parseSteps(await readInput(file, "the commands file"), file);
}

function parseSteps(text: string, file: string): Step[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed))
    throw new UsageError(`${file} must hold a JSON array of { agreementId, command, context? }`);
  parsed.forEach((step: unknown, i) => {
    const s = step as Partial<Step> | null;
    if (
      typeof s !== "object" ||
      s === null ||
      typeof s.agreementId !== "string" ||
      typeof s.command !== "object" ||
      s.command === null ||
      typeof s.command.type !== "string"
    )
      throw new UsageError(
        `${file}[${i}] must be { agreementId: string, command: { type, data }, context? }`,
      );
  });
  return parsed as Step[];
}

/**
 * Records the commands of a JSON file, in order, through the command handler. It stops at the
 * first refusal: the commands before it are recorded, the refused one and those after are not.
 */
export async function recordCommand(
  store: EventStore,
  file: string,
  steps: readonly Step[],
  rules: keyof typeof RULE_PRESETS,
  io: Output,
): Promise<number> {
  const preset = RULE_PRESETS[rules];
  const validator =
    preset === undefined
      ? undefined
      : createValidator(preset, { otherAgreements: storeAgreementLookup(store) });
  const handler = new AgreementCommandHandler({ store, ...(validator === undefined ? {} : { validator }) });
  let recorded = 0;
  for (const [i, step] of steps.entries()) {
    try {
      const result = await handler.handle(step.agreementId, step.command, step.context ?? {});
      const types = result.events.map((e) => e.type).join(", ");
      io.out(
        `${result.duplicate ? "=" : "+"} ${step.agreementId}: ${step.command.type} → ${types}${result.duplicate ? " (already recorded)" : ""}`,
      );
      for (const w of result.warnings) io.out(`    warning ${w.code} (${w.field}): ${w.message.en}`);
      if (!result.duplicate) recorded += 1;
    } catch (error) {
      // A refusal is reported here (names for an adapter without a key store too); a store
      // failure is the caller's (exit 3, not a refusal).
      if (!isDomainError(error) && !(error instanceof NoKeyStoreError)) throw error;
      io.err(
        `✗ ${file}[${i}] ${step.agreementId}: ${step.command.type} refused — ${error.code}: ${error.message}`,
      );
      io.err(`${recorded} commands recorded before the refusal; nothing after it.`);
      return 1;
    }
  }
  io.out(`${recorded} commands recorded, ${steps.length - recorded} already there.`);
  return 0;
}
