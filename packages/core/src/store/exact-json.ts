import { isProxy } from "node:util/types";
import { InvalidStoreInputError } from "../errors/index.js";

/**
 * Deepest nesting of objects and arrays a stored value may have (the value itself is depth 1).
 * Deeper values are refused rather than risk a stack overflow in some reader of the store.
 */
export const MAX_JSON_DEPTH = 64;

function refuse(path: string, reason: string): never {
  throw new InvalidStoreInputError(path, reason);
}

/**
 * Serialises `value` as JSON, or refuses it with {@link InvalidStoreInputError} naming the field
 * at `path`, when JSON cannot carry it exactly: what this returns parses back to a value equal
 * to the input, or the input is refused. Refused are `-0` (JSON writes `0`), non-finite numbers,
 * BigInt, functions, symbols, `undefined` in arrays, array holes and extra array properties,
 * objects that are not plain (class instances, `Date`, `Map`, proxies), accessors (read once
 * here, they could answer otherwise the next time), non-enumerable or symbol keys, values that
 * contain themselves, nesting deeper than {@link MAX_JSON_DEPTH}, lone surrogates and NUL
 * characters (which PostgreSQL cannot store). An object property that is `undefined` is left
 * out, as `JSON.stringify` leaves it out: the value read back has no such key.
 *
 * Each property is read exactly once, so the text is the value as it was at that moment. The
 * text is canonical (RFC 8785, as `canonicalJson` writes it: keys sorted by UTF-16 code units),
 * so an event's hash can be taken over the text the store writes.
 */
export function exactJson(value: unknown, path: string): string {
  return write(value, path, 1, new Set(), true);
}

/**
 * Serialises `value` as JSON under exactly the rules of {@link exactJson} — the same refusals,
 * naming the same fields — but not canonical: keys stay in the value's own order. It checks in
 * one walk that writes nothing and lets `JSON.stringify` write, several times faster: for
 * read models and projection states, whose text no hash covers.
 */
export function checkedJson(value: unknown, path: string): string {
  assertExactJson(value, path);
  return JSON.stringify(value);
}

/**
 * Refuses `value` exactly as {@link exactJson} would, naming the same field, and writes nothing:
 * for input that is only to be read, such as a command before its schema parses it.
 * @throws {InvalidStoreInputError} naming the field that JSON cannot carry exactly.
 */
export function assertExactJson(value: unknown, path: string): void {
  // The check that names no field runs first; only a value it doubts is walked again, naming
  // the field that is wrong (paths cost a string per value, most values have nothing wrong).
  if (!isPlainJson(value, 1)) write(value, path, 1, new Set(), false);
}

/**
 * True when {@link write} would accept `value`; false for anything it would refuse. A value that
 * contains itself is caught by the depth limit, which it always passes.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
      return value.isWellFormed() && !value.includes("\u0000");
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "boolean":
      return true;
    case "object":
      if (value === null) return true;
      if (depth > MAX_JSON_DEPTH || isProxy(value)) return false;
      return Array.isArray(value) ? isPlainArray(value, depth) : isPlainObject(value, depth);
    default:
      return false;
  }
}

function isPlainArray(array: unknown[], depth: number): boolean {
  if (Object.getPrototypeOf(array) !== Array.prototype) return false;
  const length = array.length;
  if (
    Object.getOwnPropertyNames(array).length !== length + 1 ||
    Object.getOwnPropertySymbols(array).length > 0
  )
    return false;
  for (let i = 0; i < length; i++) {
    const descriptor = Object.getOwnPropertyDescriptor(array, i);
    if (descriptor === undefined || !("value" in descriptor) || descriptor.value === undefined) return false;
    if (!isPlainJson(descriptor.value, depth + 1)) return false;
  }
  return true;
}

function isPlainObject(object: object, depth: number): boolean {
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(object).length > 0) return false;
  for (const key of Object.getOwnPropertyNames(object)) {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    if (descriptor === undefined || !descriptor.enumerable || !("value" in descriptor)) return false;
    if (descriptor.value === undefined) continue;
    if (!key.isWellFormed() || key.includes("\u0000")) return false;
    if (!isPlainJson(descriptor.value, depth + 1)) return false;
  }
  return true;
}

/** Checks `value` and, when `text` is set, writes its canonical JSON (else returns ""). */
function write(value: unknown, path: string, depth: number, open: Set<object>, text: boolean): string {
  switch (typeof value) {
    case "string":
      return writeString(value, path, text);
    case "number":
      if (!Number.isFinite(value)) refuse(path, "must be a finite number");
      if (Object.is(value, -0)) refuse(path, "must not be -0 (JSON cannot tell it from 0)");
      return text ? String(value) : "";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      return writeContainer(value, path, depth, open, text);
    case "undefined":
      return refuse(path, "must be a JSON value (got undefined)");
    default:
      return refuse(path, `must be a JSON value (got ${typeof value})`);
  }
}

function writeString(value: string, path: string, text: boolean): string {
  if (!value.isWellFormed()) refuse(path, "must be well-formed Unicode (no lone surrogates)");
  if (value.includes("\u0000")) refuse(path, "must not contain NUL characters");
  return text ? JSON.stringify(value) : "";
}

function writeContainer(
  value: object,
  path: string,
  depth: number,
  open: Set<object>,
  text: boolean,
): string {
  if (depth > MAX_JSON_DEPTH) refuse(path, `must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  if (isProxy(value)) refuse(path, "must be a plain JSON value, not a proxy");
  if (open.has(value)) refuse(path, "must not contain itself (a cyclic value)");
  open.add(value);
  const written = Array.isArray(value)
    ? writeArray(value, path, depth, open, text)
    : writeObject(value, path, depth, open, text);
  open.delete(value);
  return written;
}

function writeArray(array: unknown[], path: string, depth: number, open: Set<object>, text: boolean): string {
  if (Object.getPrototypeOf(array) !== Array.prototype) refuse(path, "must be a plain array");
  const length = array.length;
  // An array's own keys are its indexes and `length`: anything else would be dropped by JSON.
  if (
    Object.getOwnPropertyNames(array).length !== length + 1 ||
    Object.getOwnPropertySymbols(array).length > 0
  )
    refuse(path, "must be a plain array: no holes and no properties besides its items");
  let written = "[";
  for (let i = 0; i < length; i++) {
    const at = `${path}[${i}]`;
    const item = ownValue(array, String(i), at);
    if (item === undefined) refuse(at, "must be a JSON value (got undefined, which JSON writes as null)");
    const itemText = write(item, at, depth + 1, open, text);
    if (text) written += (i === 0 ? "" : ",") + itemText;
  }
  return `${written}]`;
}

function writeObject(object: object, path: string, depth: number, open: Set<object>, text: boolean): string {
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) refuse(path, "must be a plain JSON object");
  if (Object.getOwnPropertySymbols(object).length > 0) refuse(path, "must not have symbol keys");
  const names = Object.getOwnPropertyNames(object);
  // Only the canonical text needs the keys sorted.
  const keys = text ? names.sort() : names;
  let written = "{";
  let first = true;
  for (const key of keys) {
    const at = path === "" ? key : `${path}.${key}`;
    if (!Object.prototype.propertyIsEnumerable.call(object, key))
      refuse(at, "must be an enumerable property (JSON leaves others out)");
    const item = ownValue(object, key, at);
    if (item === undefined) continue;
    if (!key.isWellFormed() || key.includes("\u0000"))
      refuse(path, "keys must be well-formed Unicode without NUL");
    const itemText = write(item, at, depth + 1, open, text);
    if (text) written += `${first ? "" : ","}${JSON.stringify(key)}:${itemText}`;
    first = false;
  }
  return `${written}}`;
}

/** An own data property's value; an accessor is refused, since reading it runs caller code. */
function ownValue(container: object, key: string, path: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  if (descriptor === undefined)
    return refuse(path, "must be a plain JSON value (a hole or vanished property)");
  if (!("value" in descriptor)) refuse(path, "must be a data property, not a getter or setter");
  return descriptor.value;
}

/**
 * The items of `value` when it is a plain array (no proxy, holes, accessors or extra properties),
 * each read once; otherwise refused by field, as {@link exactJson} refuses such arrays.
 */
export function plainArrayItems(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value) || isProxy(value) || Object.getPrototypeOf(value) !== Array.prototype)
    refuse(path, "must be an array");
  const length = value.length;
  if (
    Object.getOwnPropertyNames(value).length !== length + 1 ||
    Object.getOwnPropertySymbols(value).length > 0
  )
    refuse(path, "must be a plain array: no holes and no properties besides its items");
  const items = new Array<unknown>(length);
  for (let i = 0; i < length; i++) items[i] = ownValue(value, String(i), `${path}[${i}]`);
  return items;
}
