import { agreementStreamId } from "./agreement-stream.js";
import { canonicalJson } from "./canonical-json.js";
import { decodeEvent, encodeEvent, type RecordedEvent } from "./codec.js";
import { type CommandContext, parseCommandContext } from "./command-context.js";
import type { Command } from "./commands.js";
import { decideEvent } from "./decide.js";
import {
  CommandIdReusedError,
  ConcurrencyError,
  InvalidCommandError,
  isDomainError,
  RuleViolationError,
  type Violation,
} from "./errors/index.js";
import type { DomainEvent } from "./events/catalog.js";
import { fold } from "./evolve.js";
import { HeldAgreements } from "./held-agreements.js";
import { parseAgreementId, parseCommand } from "./parse-command.js";
import type { AgreementState } from "./state.js";
import type { EventMetadata, NewEvent } from "./store/envelope.js";
import type { AppendedEvent, AppendResult, EventStore } from "./store/event-store.js";
import { defaultUpcasters, type UpcasterRegistry } from "./upcasting.js";

/** What a validator sees: what `decide` accepted, and the state it applies to. */
export interface ValidationInput {
  readonly agreementId: string;
  /** The event the command records (schema defaults filled in): the first of {@link events}. */
  readonly event: DomainEvent;
  /** Every event `decide` returned for the command, in order. */
  readonly events: readonly DomainEvent[];
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
  /** Attempts after a concurrency conflict before giving up: a whole number ≥ 0 (default 3). */
  readonly maxRetries?: number;
  /**
   * How many agreements the handler holds in memory as it last left them (state and command
   * ids), so that the next command on one is decided without reading its stream: a whole number
   * ≥ 0 (default 1 000; 0 reads every time). A held state another writer has overtaken is never
   * recorded on: the append's expected version refuses it, and the handler reads the stream and
   * decides again; a command refused on a held state is decided again on a fresh read before the
   * refusal is thrown. Neither counts as a retry. Held states hold personal data as recorded: in
   * a process that erases personal data, pass 0 or make new handlers after an erasure.
   */
  readonly heldAgreements?: number;
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
 * version, retrying a bounded number of times on a concurrency conflict. The agreements it
 * handled last are held in memory (see {@link CommandHandlerOptions.heldAgreements}), so a
 * command on one of them is one call to the store, the append.
 */
export class AgreementCommandHandler {
  private readonly store: EventStore;
  private readonly validator: CommandValidator | undefined;
  private readonly upcasters: UpcasterRegistry;
  private readonly maxRetries: number;
  private readonly held: HeldAgreements;

  /** @throws {RangeError} when `maxRetries` or `heldAgreements` is not a whole number ≥ 0. */
  constructor(options: CommandHandlerOptions) {
    this.store = options.store;
    this.validator = options.validator;
    this.upcasters = options.upcasters ?? defaultUpcasters;
    this.maxRetries = wholeNumber("maxRetries", options.maxRetries ?? 3);
    this.held = new HeldAgreements(wholeNumber("heldAgreements", options.heldAgreements ?? 1_000));
  }

  /**
   * Reads and folds one agreement, from the store (never from what the handler holds). An
   * unknown agreement has the initial state.
   * @throws {InvalidCommandError} on field `agreementId` for an id no agreement can have.
   */
  async load(agreementId: string): Promise<LoadedAgreement> {
    return (await this.read(agreementId)).loaded;
  }

  /** {@link load}, with the command ids the stream holds; what is read is held. */
  private async read(agreementId: string): Promise<{ loaded: LoadedAgreement; commandIds: Set<string> }> {
    const id = parseAgreementId(agreementId);
    if (id instanceof InvalidCommandError) throw id;
    const stored = await this.store.readStream(agreementStreamId(agreementId));
    const events = stored.map((e) => decodeEvent(e, this.upcasters));
    const state = fold(events);
    const commandIds = new Set<string>();
    for (const { metadata } of events)
      if (metadata.commandId !== undefined) commandIds.add(metadata.commandId);
    this.held.set(agreementId, { state, commandIds });
    return { loaded: { agreementId, state, events }, commandIds };
  }

  /**
   * Handles one command on one agreement. The agreement id, the command and its context are
   * validated before anything is read. A command id already recorded on the agreement appends
   * nothing: the same command returns the earlier outcome (`duplicate: true`), a different one
   * is refused.
   * @throws {DomainError} when `decide` or the validator refuses the command; nothing is appended.
   * @throws {CommandIdReusedError} when the command id was recorded for a different command.
   * @throws {ConcurrencyError} when other writers kept winning after `maxRetries` attempts.
   */
  async handle(agreementId: string, command: Command, context: CommandContext = {}): Promise<HandledCommand> {
    const id = parseAgreementId(agreementId);
    const parsed = parseCommand(command);
    const checked = parseCommandContext(context);
    if (
      id instanceof InvalidCommandError ||
      parsed instanceof InvalidCommandError ||
      checked instanceof InvalidCommandError
    )
      throw new InvalidCommandError(
        [id, parsed, checked].flatMap((r) => (r instanceof InvalidCommandError ? r.issues : [])),
      );
    if (parsed.type === "Applied" && parsed.data.agreementId !== agreementId)
      throw new InvalidCommandError([
        { field: "data.agreementId", message: `must be the agreement handled (${agreementId})` },
      ]);
    const streamId = agreementStreamId(agreementId);
    // A held state is tried once per command: after a conflict or a refusal the stream is read,
    // so writers that keep winning cost this command its retries, not an endless loop.
    let tryHeld = true;
    for (let attempt = 0; ; ) {
      const held = tryHeld ? this.held.get(agreementId) : undefined;
      tryHeld = false;
      // A command id the agreement has seen needs its events to tell a retry from a reuse.
      const fromMemory =
        held !== undefined && (checked.commandId === undefined || !held.commandIds.has(checked.commandId));
      let state: AgreementState;
      let commandIds: ReadonlySet<string>;
      if (fromMemory) ({ state, commandIds } = held);
      else {
        const { loaded, commandIds: recordedIds } = await this.read(agreementId);
        const repeated =
          checked.commandId === undefined ? undefined : earlierOutcome(loaded, parsed, checked.commandId);
        if (repeated !== undefined) return repeated;
        state = loaded.state;
        commandIds = recordedIds;
      }

      const decided = decideEvent(parsed, state);
      const violations = isDomainError(decided)
        ? []
        : ((await this.validator?.({
            agreementId,
            event: decided[0] as DomainEvent,
            events: decided,
            state,
          })) ?? []);
      const errors = violations.filter((v) => v.severity === "error");
      if (isDomainError(decided) || errors.length > 0) {
        // Refused on what this handler last saw: refused for good only on the stream as it is.
        if (fromMemory) {
          this.held.forget(agreementId);
          continue;
        }
        throw isDomainError(decided) ? decided : new RuleViolationError(errors);
      }
      const warnings = violations.filter((v) => v.severity === "warning");

      const metadata = metadataOf(checked, warnings);
      const encoded = decided.map((event) => encodeEvent(event, metadata));
      let appended: AppendResult;
      try {
        appended = await this.store.append(streamId, encoded, { expectedVersion: state.version });
      } catch (error) {
        this.held.forget(agreementId);
        if (error instanceof ConcurrencyError && fromMemory) continue;
        if (error instanceof ConcurrencyError && attempt < this.maxRetries) {
          attempt++;
          continue;
        }
        throw error;
      }
      // Built from what was decided and where the store put it; read back only from a store that
      // does not say where the events went.
      const where = appended.events;
      const recorded =
        where?.length === encoded.length
          ? decided.map((event, i) =>
              recordedAs(
                streamId,
                state.version + i + 1,
                event,
                encoded[i] as NewEvent,
                where[i] as AppendedEvent,
              ),
            )
          : (
              await this.store.readStream(streamId, { fromVersion: state.version + 1, limit: decided.length })
            ).map((e) => decodeEvent(e, this.upcasters));
      const next = fold(recorded, state);
      this.held.set(agreementId, {
        state: next,
        commandIds: checked.commandId === undefined ? commandIds : new Set(commandIds).add(checked.commandId),
      });
      return { agreementId, events: recorded, state: next, duplicate: false, warnings };
    }
  }
}

/** The recorded event this handler just appended, from the decided event and where it went. */
function recordedAs(
  streamId: string,
  streamVersion: number,
  event: DomainEvent,
  encoded: NewEvent,
  where: AppendedEvent,
): RecordedEvent {
  return {
    eventId: where.eventId,
    streamId,
    streamVersion,
    globalPosition: where.globalPosition,
    type: event.type,
    schemaVersion: encoded.schemaVersion,
    data: event.data,
    metadata: encoded.metadata ?? {},
    recordedAt: where.recordedAt,
    previousHash: where.previousHash,
    hash: where.hash,
  } as RecordedEvent;
}

/** Type and data only: what two recordings of one command have in common. */
const bare = (events: readonly DomainEvent[]) => events.map(({ type, data }) => ({ type, data }));

/**
 * The outcome already recorded under `commandId`, or `undefined` when the id is new. The command
 * is decided again on the state its id first met: the same events make it a retry, anything else
 * is another command under a reused id.
 * @throws {CommandIdReusedError} for another command.
 */
function earlierOutcome(
  { agreementId, state, events }: LoadedAgreement,
  command: DomainEvent,
  commandId: string,
): HandledCommand | undefined {
  const first = events.findIndex((e) => e.metadata.commandId === commandId);
  if (first < 0) return undefined;
  const earlier = events.filter((e) => e.metadata.commandId === commandId);
  const decided = decideEvent(command, fold(events.slice(0, first)));
  if (isDomainError(decided) || canonicalJson(bare(decided)) !== canonicalJson(bare(earlier)))
    throw new CommandIdReusedError(commandId, agreementId);
  return {
    agreementId,
    events: earlier,
    state,
    duplicate: true,
    warnings: earlier[0]?.metadata.warnings ?? [],
  };
}

/** `value` when it is a whole number ≥ 0. @throws {RangeError} naming `name` otherwise. */
function wholeNumber(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0 (got ${value})`);
  return value;
}

function metadataOf(context: CommandContext, warnings: readonly Violation[]): EventMetadata {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) if (value !== undefined) metadata[key] = value;
  if (warnings.length > 0) metadata.warnings = warnings;
  return metadata;
}
