/**
 * JSON as a projection's state may hold it: what a {@link ProjectionStore} keeps and gives back
 * unchanged. Declare state types with `type`, not `interface` (an interface has no implicit index
 * signature, so TypeScript cannot see that it is JSON); use `null`, not `undefined`, for a
 * missing value; no `Date`, `Map`, class instances or functions.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * The first place where `value` is not JSON that survives a store's round trip unchanged, or
 * `undefined` when it is. `path` names the root in the message.
 */
export function findNonJson(value: unknown, path = "state"): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
    case "object": {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = findNonJson(value[i], `${path}[${i}]`);
          if (found !== undefined) return found;
        }
        return undefined;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        return `${path} is a ${proto?.constructor?.name ?? "non-plain object"}, not a plain JSON object`;
      for (const [key, item] of Object.entries(value)) {
        const found = findNonJson(item, `${path}.${key}`);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    default:
      return `${path} is ${typeof value}, which JSON cannot hold (use null for a missing value)`;
  }
}

/**
 * Throws a `TypeError` naming the first part of `value` that is not JSON.
 * @throws {TypeError} when `value` would not come back unchanged from a store.
 */
export function assertJsonValue(value: unknown, path = "state"): asserts value is JsonValue {
  const found = findNonJson(value, path);
  if (found !== undefined) throw new TypeError(found);
}
