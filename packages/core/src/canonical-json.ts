/**
 * JSON with object keys sorted, so two equal values serialise the same whatever their key order;
 * `undefined` fields are left out, as a store's JSON leaves them out.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
