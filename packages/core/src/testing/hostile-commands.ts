import { isProxy } from "node:util/types";
import fc from "fast-check";
import type { CommandContext } from "../command-context.js";
import type { Command } from "../commands.js";
import {
  deeplyNested,
  describeValue,
  hostileText,
  hostileValue,
  hugeValue,
  revokedProxy,
} from "./hostile-values.js";

/** One step of a recorded history: the shape of `ScriptedCommand` in `@iop/fixtures`. */
export interface HandleStep {
  readonly agreementId: string;
  readonly command: Command;
  readonly context: CommandContext;
}

/** What `handle(agreementId, command, context)` is called with: anything, from a hostile caller. */
export interface HandleCall {
  readonly agreementId: unknown;
  readonly command: unknown;
  readonly context: unknown;
}

/** A key on the way from a {@link HandleCall} to the field a mutation changes. */
export type CallKey = string | number;

/** Returned by a mutation's `change` to delete the field (an array item is spliced out). */
export const REMOVE: unique symbol = Symbol("remove");
/** Returned by a mutation's `change` to leave a hole where an array item was. */
export const HOLE: unique symbol = Symbol("hole");

/**
 * One change to a call: the field at `path` (which need not exist yet: an insertion) becomes
 * what `change` makes of its current value. `label` says what, for a counterexample report.
 */
export interface CallMutation {
  readonly path: readonly CallKey[];
  readonly label: string;
  readonly change: (current: unknown) => unknown;
  /** Splice the new value into the array at the path's last key rather than overwrite the item. */
  readonly insert?: boolean;
}

/**
 * A hostile call built from a real one: `target`'s call, after `setup` (the steps before it on
 * the same agreement, and for a retry the target itself) was handled, with `mutations` applied.
 * No mutations: the real call.
 */
export interface HostileCall {
  readonly setup: readonly HandleStep[];
  readonly target: HandleStep;
  readonly mutations: readonly CallMutation[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into the plain JSON `value`, `value` itself (path `[]`) included. */
function pathsOf(value: Json, path: readonly CallKey[] = []): (readonly CallKey[])[] {
  if (Array.isArray(value)) return [path, ...value.flatMap((item, i) => pathsOf(item, [...path, i]))];
  if (value !== null && typeof value === "object")
    return [path, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))];
  return [path];
}

/** `command.data.activities[0].name`: a path as a report shows it. */
export function pathText(path: readonly CallKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/** Keys a caller adds by mistake or malice: misspellings, context names, prototype names. */
const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "caseNumbr",
    "commandId",
    "actor",
    "correlationId",
    "causationId",
    "effectiveDate",
    "sourceDocument",
    "type",
    "data",
    "__proto__",
    "constructor",
    "toString",
    "",
  ),
  fc.string({ maxLength: 10 }),
);

/** Any hostile value a field may be set to. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileValue },
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, 0.5, 1e21, 2 ** 53, -(2 ** 31), Number.MAX_VALUE, 5e-324) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: hugeValue },
);

const jsonKinds = ["string", "number", "boolean", "null", "array", "object"] as const;
type JsonKind = (typeof jsonKinds)[number];

/** The value `current` turned into a value of another JSON kind, as a careless caller might. */
function retyped(current: unknown, to: JsonKind): unknown {
  switch (to) {
    case "string":
      return JSON.stringify(current);
    case "number":
      return Number(current);
    case "boolean":
      return Boolean(current);
    case "null":
      return null;
    case "array":
      return [current];
    case "object":
      return { value: current };
  }
}

/** A value of the same JSON kind as `current`: often valid, so such calls reach the store. */
function sameKindValue(kind: JsonKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case "string":
      return fc.oneof(hostileText, fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }));
    case "number":
      return fc.oneof(fc.integer(), fc.nat(10_000_000), fc.double({ noNaN: false }));
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.constantFrom([], [{}], [""]);
    default:
      return fc.constantFrom({}, null);
  }
}

function kindOf(value: Json): JsonKind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as JsonKind;
}

/** The value at `path` in plain JSON `root`. */
function at(root: Json, path: readonly CallKey[]): Json {
  return path.reduce<Json>((node, key) => (node as Record<CallKey, Json>)[key] as Json, root);
}

/** One mutation of the field at `path` in `base` (the unmutated call as JSON). */
function mutationAt(base: Json, path: readonly CallKey[]): fc.Arbitrary<CallMutation> {
  const current = at(base, path);
  const where = pathText(path);
  const options: fc.Arbitrary<CallMutation>[] = [
    // Made when applied: fast-check cannot hold a revoked proxy, nor print 10 000 levels.
    fc.constant({ path, label: `${where} ← a revoked proxy`, change: revokedProxy }),
    fc.constant({ path, label: `${where} ← 10 000 levels of nesting`, change: () => deeplyNested(10_000) }),
    fieldValue.map((value) => ({ path, label: `${where} ← ${describeValue(value)}`, change: () => value })),
    sameKindValue(kindOf(current)).map((value) => ({
      path,
      label: `${where} ← ${describeValue(value)}`,
      change: () => value,
    })),
    fc.constantFrom(...jsonKinds.filter((kind) => kind !== kindOf(current))).map((to) => ({
      path,
      label: `${where} retyped to ${to}`,
      change: (value: unknown) => retyped(value, to),
    })),
  ];
  if (path.length > 1) {
    const last = path[path.length - 1];
    options.push(
      fc.constant({ path, label: `${where} deleted`, change: () => REMOVE }),
      ...(typeof last === "number"
        ? [fc.constant({ path, label: `${where} made a hole`, change: () => HOLE })]
        : []),
    );
  }
  if (Array.isArray(current))
    options.push(
      fc.tuple(fc.nat(current.length), fieldValue).map(([i, value]) => ({
        path: [...path, i],
        label: `${where}[${i}] inserted ${describeValue(value)}`,
        change: () => value,
        insert: true,
      })),
    );
  else if (current !== null && typeof current === "object")
    options.push(
      fc.tuple(unknownKey, fieldValue).map(([key, value]) => ({
        path: [...path, key],
        label: `${pathText([...path, key])} added as ${describeValue(value)}`,
        change: () => value,
      })),
    );
  return fc.oneof(...options);
}

/** A context where each of the known fields may be hostile, and unknown ones may come along. */
const hostileContext: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .record(
      {
        commandId: fc.oneof(hostileText, fieldValue),
        actor: fc.oneof(hostileText, fieldValue),
        effectiveDate: fc.oneof(hostileText, fieldValue),
        sourceDocument: fc.oneof(
          fieldValue,
          fc.record({ title: fc.oneof(hostileText, fieldValue), date: fc.oneof(hostileText, fieldValue) }),
        ),
        correlationId: hostileText,
        unknown: fieldValue,
      },
      { requiredKeys: [] },
    )
    .map((context) => context as unknown),
  fieldValue,
);

function contextMutation(): fc.Arbitrary<CallMutation> {
  return hostileContext.map((context) => ({
    path: ["context"],
    label: `context ← ${describeValue(context)}`,
    change: () => context,
  }));
}

/** A hostile agreement id, for an `Apply` also written into its `data.agreementId`. */
function agreementIdMutations(step: HandleStep): fc.Arbitrary<CallMutation[]> {
  return fc.tuple(fc.oneof(hostileText, fieldValue), fc.boolean()).map(([id, alsoInData]) => {
    const label = `agreementId ← ${describeValue(id)}`;
    const mutations: CallMutation[] = [{ path: ["agreementId"], label, change: () => id }];
    if (alsoInData && step.command.type === "Apply")
      mutations.push({
        path: ["command", "data", "agreementId"],
        label: "command.data.agreementId too",
        change: () => id,
      });
    return mutations;
  });
}

function mutationsOf(step: HandleStep): fc.Arbitrary<CallMutation[]> {
  const base = structuredClone(step) as unknown as Json;
  const paths = pathsOf(base).filter((path) => path.length > 0);
  const one = fc.constantFrom(...paths).chain((path) => mutationAt(base, path));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<CallMutation[]>([]) },
    { weight: 10, arbitrary: one.map((m) => [m]) },
    { weight: 3, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) },
    { weight: 2, arbitrary: contextMutation().map((m) => [m]) },
    { weight: 2, arbitrary: agreementIdMutations(step) },
  );
}

/**
 * Hostile calls of `AgreementCommandHandler.handle` built from the real histories in `scripts`
 * (each a history in order, such as `husbyHistory` of `@iop/fixtures`): a step is picked, the
 * steps before it on its agreement are its setup, and its call is mutated — a field replaced,
 * inserted or deleted at a random path with a hostile value (wrong types, huge or odd text, deep
 * nesting, BigInt, cyclic values, getters, proxies), an unknown field added, the whole context
 * or the agreement id made hostile. One in nineteen is left as it is, so accepted calls are seen.
 */
export function hostileCallArbitrary(scripts: readonly (readonly HandleStep[])[]): fc.Arbitrary<HostileCall> {
  const steps = scripts.flatMap((script) =>
    script.map((target, i) => ({
      target,
      setup: script.slice(0, i).filter((step) => step.agreementId === target.agreementId),
    })),
  );
  if (steps.length === 0) throw new RangeError("hostileCallArbitrary needs at least one step");
  return fc.tuple(fc.constantFrom(...steps), fc.nat(4)).chain(([{ target, setup }, retry]) =>
    mutationsOf(target).map((mutations) => ({
      // One in five is sent again after the real call: a retry, or another command under its id.
      setup: retry === 0 ? [...setup, target] : setup,
      target,
      mutations,
    })),
  );
}

/** `Grant on husby-konst-2022 after 1 step: command.data.grantedKronor ← 1n`. */
export function describeHostileCall({ setup, target, mutations }: HostileCall): string {
  const changes = mutations.length === 0 ? "unchanged" : mutations.map((m) => m.label).join("; ");
  const retry = setup.at(-1) === target ? ", itself included" : "";
  return `${target.command.type} on ${target.agreementId} after ${setup.length} step(s)${retry}: ${changes}`;
}

/** The step with every occurrence of its agreement id (as a whole string) replaced by `agreementId`. */
function renamed<T>(value: T, from: string, to: string): T {
  const rename = (node: unknown): unknown => {
    if (node === from) return to;
    if (Array.isArray(node)) return node.map(rename);
    if (node !== null && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, rename(item)]));
    return node;
  };
  return rename(value) as T;
}

function isWalkable(node: unknown): node is Record<CallKey, unknown> {
  if (node === null || typeof node !== "object" || isProxy(node)) return false;
  const proto = Object.getPrototypeOf(node);
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/**
 * Applies one mutation in place. A path through a value an earlier mutation made hostile (a
 * proxy, a getter, a non-object) is left alone: reading it would run the value's code here.
 */
function apply(root: Record<CallKey, unknown>, { path, change, insert }: CallMutation): void {
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!isWalkable(parent)) return;
    const descriptor = Object.getOwnPropertyDescriptor(parent, key);
    if (descriptor === undefined || !("value" in descriptor)) return;
    parent = descriptor.value;
  }
  if (!isWalkable(parent)) return;
  const key = path[path.length - 1] as CallKey;
  const descriptor = Object.getOwnPropertyDescriptor(parent, key);
  const current = descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
  let next: unknown;
  try {
    next = change(current);
  } catch {
    return;
  }
  const list = Array.isArray(parent) && typeof key === "number" ? (parent as unknown[]) : undefined;
  if (next === REMOVE) {
    if (list !== undefined) list.splice(key as number, 1);
    else delete parent[key];
  } else if (next === HOLE) delete parent[key];
  else if (list !== undefined && insert === true) list.splice(key as number, 0, next);
  // Defined, not assigned: `__proto__` becomes an own key, as JSON.parse makes it.
  else
    Object.defineProperty(parent, key, { value: next, enumerable: true, writable: true, configurable: true });
}

/**
 * The calls a {@link HostileCall} makes on a fresh agreement `agreementId`: the setup steps and
 * the target call, renamed to that agreement, the target's mutations applied to a fresh copy.
 */
export function materialiseCall(
  hostile: HostileCall,
  agreementId: string,
): { readonly setup: readonly HandleStep[]; readonly call: HandleCall } {
  const from = hostile.target.agreementId;
  const setup = hostile.setup.map((step) => renamed(step, from, agreementId));
  const call = renamed(hostile.target, from, agreementId) as unknown as Record<CallKey, unknown>;
  for (const mutation of hostile.mutations) apply(call, mutation);
  return { setup, call: call as unknown as HandleCall };
}
