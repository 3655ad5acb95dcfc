import type { AgreementState } from "./state.js";

/** One agreement as a command handler last left it: its state and the command ids in its stream. */
export interface HeldAgreement {
  readonly state: AgreementState;
  /** Every `metadata.commandId` recorded on the agreement up to `state.version`. */
  readonly commandIds: ReadonlySet<string>;
}

/**
 * The agreements a command handler handled last, at most `capacity`, the least recently used let
 * go first. A held state may be stale — another writer appended since — and that is safe: the
 * append's expected version refuses it, and the handler reads the stream and decides again.
 */
export class HeldAgreements {
  readonly #held = new Map<string, HeldAgreement>();

  constructor(private readonly capacity: number) {}

  get(agreementId: string): HeldAgreement | undefined {
    const held = this.#held.get(agreementId);
    if (held !== undefined) {
      this.#held.delete(agreementId);
      this.#held.set(agreementId, held);
    }
    return held;
  }

  /** Holds `held` unless a later state is held (reads and appends may finish out of order). */
  set(agreementId: string, held: HeldAgreement): void {
    const known = this.#held.get(agreementId);
    if (this.capacity === 0 || (known !== undefined && known.state.version > held.state.version)) return;
    this.#held.delete(agreementId);
    this.#held.set(agreementId, held);
    if (this.#held.size > this.capacity) this.#held.delete(this.#held.keys().next().value as string);
  }

  forget(agreementId: string): void {
    this.#held.delete(agreementId);
  }
}
