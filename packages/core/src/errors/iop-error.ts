/**
 * Marks every {@link IopError}, under a registry symbol: two installed copies of `@iop/core` (a
 * city system and a plug-in each bringing their own) define two `IopError` classes, so
 * `instanceof` fails across them, while the mark and the `code` are the same in both.
 */
const IOP_ERROR = Symbol.for("@iop/core/error");

/** Base of every error this library raises on purpose: each has a stable `code`. */
export abstract class IopError extends Error {
  /** A stable, machine-readable code. */
  abstract readonly code: string;
  override get name(): string {
    return this.constructor.name;
  }
}

Object.defineProperty(IopError.prototype, IOP_ERROR, { value: true });

/**
 * True when `value` is an error of this library, from this or any other installed copy of
 * `@iop/core`. Prefer it (and {@link hasErrorCode}) to `instanceof` at package boundaries.
 */
export function isIopError(value: unknown): value is IopError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [IOP_ERROR]?: unknown })[IOP_ERROR] === true &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/** One problem with an input, located by a dotted field path such as `data.period.end`. */
export interface InputIssue {
  readonly field: string;
  readonly message: string;
}

/** Joins path segments into a dotted field path, leaving out empty ones: `data.period.end`. */
export function fieldPath(...segments: readonly string[]): string {
  return segments.filter((s) => s !== "").join(".");
}

/** Formats issues as `field: message; field: message`. */
export function describeIssues(issues: readonly InputIssue[]): string {
  return issues.map((i) => `${i.field || "(root)"}: ${i.message}`).join("; ");
}
