/**
 * JSON in the canonical form of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript writes them. Two equal values serialise the same
 * whatever their key order; `undefined` fields are left out, as a store's JSON leaves them out.
 *
 * Keys are written in sorted order by this writer itself, not by rebuilding objects: an object
 * rebuilt with sorted keys would still list integer-like keys (`"10"`, `"9"`) first.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? "null";
}

function write(value: unknown): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return Array.isArray(value) ? writeArray(value) : writeObject(value as Record<string, unknown>);
    default:
      return undefined;
  }
}

function writeArray(items: readonly unknown[]): string {
  let text = "[";
  for (let i = 0; i < items.length; i++) text += (i === 0 ? "" : ",") + (write(items[i]) ?? "null");
  return `${text}]`;
}

function writeObject(object: Record<string, unknown>): string {
  const json = (object as { toJSON?: unknown }).toJSON;
  if (typeof json === "function") return write(json.call(object)) ?? "null";
  let text = "{";
  for (const key of Object.keys(object).sort()) {
    const item = write(object[key]);
    if (item === undefined) continue;
    text += `${text.length === 1 ? "" : ","}${JSON.stringify(key)}:${item}`;
  }
  return `${text}}`;
}
