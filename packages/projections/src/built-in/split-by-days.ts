/**
 * Splits whole kronor over parts in proportion to their days, in whole kronor that sum exactly
 * to the amount (largest remainder: each part gets the floor of its exact share, and the kronor
 * left over go one each to the parts with the largest fractions, earlier parts first on a tie).
 * Exact for any safe-integer amount (the arithmetic is done in `BigInt`).
 *
 * `splitByDays(250_000, [214, 244])` → `[116_812, 133_188]`.
 * @throws {RangeError} for an amount that is not a non-negative safe integer, or days that are
 *   not non-negative integers with a positive sum.
 */
export function splitByDays(kronor: number, days: readonly number[]): number[] {
  if (!Number.isSafeInteger(kronor) || kronor < 0)
    throw new RangeError(`kronor must be a non-negative safe integer (got ${kronor})`);
  if (days.some((d) => !Number.isSafeInteger(d) || d < 0))
    throw new RangeError("days must be non-negative integers");
  const total = days.reduce((sum, d) => sum + d, 0);
  if (total <= 0) throw new RangeError("days must sum to more than zero");
  const amount = BigInt(kronor);
  const whole = BigInt(total);
  const shares = days.map((d, index) => {
    const exact = amount * BigInt(d);
    return { index, floor: exact / whole, remainder: exact % whole };
  });
  let left = amount - shares.reduce((sum, s) => sum + s.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const result = shares.map((s) => s.floor);
  for (const share of byRemainder) {
    if (left === 0n) break;
    result[share.index] = share.floor + 1n;
    left -= 1n;
  }
  return result.map(Number);
}
