/**
 * `value` when it is a positive safe integer.
 * @throws {RangeError} naming the option otherwise.
 */
export function positiveInteger(option: string, value: number, unit = ""): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${option} must be a positive integer${unit === "" ? "" : ` of ${unit}`}`);
  return value;
}
