import { agreementStreamId } from "./agreement-stream.js";
import { decodeEvent, encodeEvent, type RecordedEvent } from "./codec.js";
import type { Command } from "./commands.js";
import { decide } from "./decide.js";
import {
  ConcurrencyError,
  InvalidCommandError,
  isDomainError,
  RuleViolationError,
  type Violation,
} from "./errors.js";
import type { DomainEvent } from "./events/catalog.js";
import { fold } from "./evolve.js";
import { parseCommand } from "./parse-command.js";
import type { AgreementState } from "./state.js";
import type { EventMetadata, SourceDocument } from "./store/envelope.js";
import type { EventStore } from "./store/event-store.js";
import { defaultUpcasters, type UpcasterRegistry } from "./upcasting.js";

/** Who issued a command, why, and from which document: it goes into every event's metadata. */
export interface CommandContext {
  /** A command id already applied to this agreement appends nothing again. */
  readonly commandId?: string;
  readonly actor?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** The business date the events take effect, when it differs from the recording. */
  readonly effectiveDate?: string;
  readonly sourceDocument?: SourceDocument;
}

/** What a validator sees: the command as `decide` accepted it, and the state it applies to. */
export interface ValidationInput {
  readonly agreementId: string;
  /** The event the command would record (schema defaults filled in). */
  readonly event: DomainEvent;
  readonly state: AgreementState;
}

/**
 * Checks a command against law and guidelines before it is recorded (see `@iop/rules`).
 * Violations with severity `error` refuse the command; warnings go into the event's metadata.
 */
export type CommandValidator = (
  input: ValidationInput,
) => readonly Violation[] | Promise<readonly Violation[]>;

/** Options of {@link AgreementCommandHandler}. */
export interface CommandHandlerOptions {
  readonly store: EventStore;
  readonly validator?: CommandValidator;
  readonly upcasters?: UpcasterRegistry;
  /** Attempts after a concurrency conflict before giving up (default 3). */
  readonly maxRetries?: number;
}

/** One agreement's stream, read and folded. */
export interface LoadedAgreement {
  readonly agreementId: string;
  readonly state: AgreementState;
  readonly events: readonly RecordedEvent[];
}

/** The outcome of a handled command. */
export interface HandledCommand {
  readonly agreementId: string;
  /** The events this command recorded (or had recorded before, for a repeated command id). */
  readonly events: readonly RecordedEvent[];
  readonly state: AgreementState;
  /** True when the command id had already been applied and nothing new was appended. */
  readonly duplicate: boolean;
  readonly warnings: readonly Violation[];
}

/**
 * Handles commands on agreements: load → fold → validate → decide → append with the expected
 * version, retrying a bounded number of times on a concurrency conflict.
 */
export class AgreementCommandHandler {
  private readonly store: EventStore;
  private readonly validator: CommandValidator | undefined;
  private readonly upcasters: UpcasterRegistry;
  private readonly maxRetries: number;

  constructor(options: CommandHandlerOptions) {
    this.store = options.store;
    this.validator = options.validator;
    this.upcasters = options.upcasters ?? defaultUpcasters;
    this.maxRetries = options.maxRetries ?? 3;
  }

  /** Reads and folds one agreement. An unknown agreement has the initial state. */
  async load(agreementId: string): Promise<LoadedAgreement> {
    const stored = await this.store.readStream(agreementStreamId(agreementId));
    const events = stored.map((e) => decodeEvent(e, this.upcasters));
    return { agreementId, state: fold(events), events };
  }

  /**
   * Handles one command on one agreement.
   * @throws {DomainError} when `decide` or the validator refuses the command; nothing is appended.
   * @throws {ConcurrencyError} when other writers kept winning after `maxRetries` attempts.
   */
  async handle(agreementId: string, command: Command, context: CommandContext = {}): Promise<HandledCommand> {
    const parsed = parseCommand(command);
    if (parsed instanceof InvalidCommandError) throw parsed;
    if (parsed.type === "Applied" && parsed.data.agreementId !== agreementId)
      throw new InvalidCommandError([
        { field: "data.agreementId", message: `must be the agreement handled (${agreementId})` },
      ]);
    for (let attempt = 0; ; attempt++) {
      const { state, events } = await this.load(agreementId);
      const earlier =
        context.commandId === undefined
          ? []
          : events.filter((e) => e.metadata.commandId === context.commandId);
      if (earlier.length > 0)
        return {
          agreementId,
          events: earlier,
          state,
          duplicate: true,
          warnings: earlier[0]?.metadata.warnings ?? [],
        };

      const decided = decide(command, state);
      if (isDomainError(decided)) throw decided;
      const violations = (await this.validator?.({ agreementId, event: parsed, state })) ?? [];
      const errors = violations.filter((v) => v.severity === "error");
      if (errors.length > 0) throw new RuleViolationError(errors);
      const warnings = violations.filter((v) => v.severity === "warning");

      const metadata = metadataOf(context, warnings);
      try {
        await this.store.append(
          agreementStreamId(agreementId),
          decided.map((event) => encodeEvent(event, metadata)),
          { expectedVersion: state.version },
        );
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < this.maxRetries) continue;
        throw error;
      }
      const after = await this.store.readStream(agreementStreamId(agreementId), {
        fromVersion: state.version + 1,
        limit: decided.length,
      });
      const recorded = after.map((e) => decodeEvent(e, this.upcasters));
      return { agreementId, events: recorded, state: fold(recorded, state), duplicate: false, warnings };
    }
  }
}

function metadataOf(context: CommandContext, warnings: readonly Violation[]): EventMetadata {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) if (value !== undefined) metadata[key] = value;
  if (warnings.length > 0) metadata.warnings = warnings;
  return metadata;
}
