import type { Violation } from "@iop/core";

/** How serious a violation is: an `error` refuses the command, a `warning` is recorded with it. */
export type Severity = Violation["severity"];

/** A text in Swedish and English. */
export interface LocalizedText {
  readonly sv: string;
  readonly en: string;
}

/** Builds a core {@link Violation}; `details` are facts a program can act on. */
export function violation(
  code: string,
  severity: Severity,
  field: string,
  message: LocalizedText,
  details?: Violation["details"],
): Violation {
  return {
    code,
    severity,
    field,
    message: { sv: message.sv, en: message.en },
    ...(details === undefined ? {} : { details }),
  };
}

/** Writes whole kronor with spaces between thousands, as Swedish documents do: `3 450 000 kr`. */
export function formatKronor(kronor: number): string {
  const sign = kronor < 0 ? "-" : "";
  const digits = String(Math.abs(Math.trunc(kronor)));
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, " ")} kr`;
}
