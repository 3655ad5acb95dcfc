import { AgreementCommandHandler, type Command, type IopStore } from "@iop/core";
import { readRegister, registerProjection, runLive } from "@iop/projections";
import { createValidator, stockholmRules, storeAgreementLookup } from "@iop/rules";
import { createMemoryStore } from "@iop/store-memory";
import { registerLine } from "./register-line.js";

/** One document of the case: its date, what it says, and the command it becomes. */
export interface Step {
  readonly date: string;
  readonly agreementId: string;
  /** What happened in the real documents, in a sentence. */
  readonly story: string;
  readonly command: Command;
  readonly actor: string;
}

/**
 * A store whose clock is the date of the document being recorded (noon UTC, a second per step),
 * a handler with Stockholm's rules on it, and a printer: each step is recorded and then shown as
 * the register shows it on that day.
 */
export class Story {
  readonly store: IopStore;
  readonly handler: AgreementCommandHandler;
  private now = new Date(0);
  private steps = 0;

  constructor(private readonly print: (line: string) => void) {
    this.store = createMemoryStore({ clock: () => this.now });
    const validator = createValidator(stockholmRules, { otherAgreements: storeAgreementLookup(this.store) });
    this.handler = new AgreementCommandHandler({ store: this.store, validator });
  }

  /** Moves the store's clock to `date`, so what is recorded now is recorded on that day. */
  at(date: string): void {
    this.now = new Date(`${date}T12:00:${String(this.steps++ % 60).padStart(2, "0")}.000Z`);
  }

  /** Records one step and prints it, the rule warnings recorded with it, and its register line. */
  async step({ date, agreementId, story, command, actor }: Step): Promise<void> {
    this.at(date);
    const handled = await this.handler.handle(agreementId, command, {
      actor,
      commandId: `${agreementId}/${command.type}/${date}`,
      effectiveDate: date,
    });
    this.print(`${date}  ${handled.events.map((e) => e.type).join(", ")}  ${agreementId}`);
    this.print(`  ${story}`);
    for (const w of handled.warnings) this.print(`  warning ${w.code}: ${w.message.en}`);
    await this.printRegister(date, [agreementId]);
  }

  /** The register lines of `agreementIds` as of `date`. */
  async printRegister(date: string, agreementIds: readonly string[]): Promise<void> {
    const rows = readRegister(await runLive(registerProjection, this.store), {
      inForceOn: date,
      decidedBy: date,
    });
    for (const row of rows.filter((r) => agreementIds.includes(r.agreementId)))
      this.print(`  register: ${registerLine(row)}`);
  }
}
