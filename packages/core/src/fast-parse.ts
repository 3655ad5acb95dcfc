import type { z } from "zod";

/** What a fast parser returns for a value it does not accept: zod then says why. */
export const REFUSED: unique symbol = Symbol("refused");

/** Parses a value as its schema would, or returns {@link REFUSED}. */
export type FastParse = (value: unknown) => unknown;

// The internals of zod 4 this reads are not its public API: `fast-parse.test.ts` checks the
// parser against zod's own `safeParse`, so a zod upgrade that changes them fails there.
interface Payload {
  value: unknown;
  issues: unknown[];
}
interface CheckDef {
  readonly check: string;
  readonly format?: string;
  readonly when?: (payload: Payload) => boolean;
  readonly fn?: (value: unknown) => unknown;
  readonly tx?: (value: unknown) => unknown;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: RegExp;
}
interface Check {
  readonly _zod: { readonly def: CheckDef; check(payload: Payload): unknown };
}
interface Internals {
  readonly def: {
    readonly type: string;
    readonly checks?: readonly Check[];
    readonly coerce?: boolean;
    readonly shape?: Record<string, z.ZodType>;
    readonly catchall?: z.ZodType;
    readonly element?: z.ZodType;
    readonly innerType?: z.ZodType;
    readonly options?: readonly z.ZodType[];
    readonly defaultValue?: unknown;
  };
  readonly optin?: "optional" | "defaulted";
  readonly optout?: "optional";
  readonly values?: ReadonlySet<unknown>;
}

const internals = (schema: z.ZodType) => (schema as unknown as { _zod: Internals })._zod;

/**
 * A parser that gives what `schema.parse` gives for every value `schema` accepts, generated once
 * as JavaScript from the schema's definition. Decoding runs for every event of every replay, and
 * zod's general machinery (a payload and an issue list per value, property reads by a variable
 * key) cost as much as reading the event. The parser only says yes or no: for a value it
 * refuses, zod parses again and names the fault. `undefined` for a schema using a zod feature the
 * generator does not know, or where code cannot be generated at run time: zod then parses.
 */
export function compileFastParse(schema: z.ZodType): FastParse | undefined {
  const generator = new Generator();
  try {
    const root = generator.parser(schema);
    const source = `"use strict";\n${generator.functions.join("\n")}\nreturn ${root};`;
    return new Function("R", "k", "zodCheck", source)(REFUSED, generator.constants, zodCheck) as FastParse;
  } catch (error) {
    if (error instanceof Unsupported || error instanceof EvalError) return undefined;
    throw error;
  }
}

/** A check run by zod's own code, for the kinds and edge cases the generator leaves to it. */
function zodCheck(check: Check, value: unknown): unknown {
  const payload: Payload = { value, issues: [] };
  const when = check._zod.def.when;
  if (when !== undefined && !when(payload)) return value;
  // An asynchronous check is zod's to refuse: a synchronous parse cannot await it.
  if (check._zod.check(payload) instanceof Promise || payload.issues.length > 0) return REFUSED;
  return payload.value;
}

class Unsupported extends Error {}

class Generator {
  readonly functions: string[] = [];
  readonly constants: unknown[] = [];
  private readonly names = new Map<z.ZodType, string>();

  /** The name of the generated function that parses `schema`. */
  parser(schema: z.ZodType): string {
    const known = this.names.get(schema);
    if (known !== undefined) return known;
    const name = `p${this.names.size}`;
    this.names.set(schema, name);
    const zod = internals(schema);
    const body = [...this.typeCode(zod), ...(zod.def.checks ?? []).map((check) => this.checkCode(check))];
    this.functions.push(`function ${name}(v) {\n${body.join("\n")}\nreturn v;\n}`);
    return name;
  }

  private constant(value: unknown): string {
    this.constants.push(value);
    return `k[${this.constants.length - 1}]`;
  }

  private typeCode(zod: Internals): string[] {
    const def = zod.def;
    if (def.coerce) throw new Unsupported("coercion");
    const checked = (def.checks ?? []).length > 0;
    if (checked && !["string", "number", "array", "object"].includes(def.type))
      throw new Unsupported(`checks on ${def.type}`);
    switch (def.type) {
      case "string":
        return [`if (typeof v !== "string") return R;`];
      case "number":
        return [`if (typeof v !== "number" || !Number.isFinite(v)) return R;`];
      case "boolean":
        return [`if (typeof v !== "boolean") return R;`];
      case "enum":
      case "literal": {
        if (zod.values === undefined) throw new Unsupported(def.type);
        return [`if (!${this.constant(zod.values)}.has(v)) return R;`];
      }
      case "optional": {
        const inner = required(def.innerType);
        const parse = this.parser(inner);
        // Only a defaulted inner type substitutes for absence; otherwise `undefined` stays.
        if (internals(inner).optin === "defaulted") return [`return ${parse}(v);`];
        return [`if (v === undefined) return undefined;`, `return ${parse}(v);`];
      }
      case "default": {
        const parse = this.parser(required(def.innerType));
        // Read through zod's getter each time: it hands out a fresh copy of the default.
        const defaults = this.constant(def);
        return [
          `if (v === undefined) return ${defaults}.defaultValue;`,
          `v = ${parse}(v);`,
          `return v === undefined ? ${defaults}.defaultValue : v;`,
        ];
      }
      case "array": {
        const parse = this.parser(required(def.element));
        return [
          `if (!Array.isArray(v)) return R;`,
          `{ const n = v.length, o = new Array(n);`,
          `for (let i = 0; i < n; i++) { const x = ${parse}(v[i]); if (x === R) return R; o[i] = x; }`,
          `v = o; }`,
        ];
      }
      case "object":
        if (def.catchall !== undefined || def.shape === undefined) throw new Unsupported("catchall");
        return this.objectCode(def.shape);
      case "union":
        return [
          ...(def.options ?? []).map(
            (option) => `{ const x = ${this.parser(option)}(v); if (x !== R) return x; }`,
          ),
          `return R;`,
        ];
      default:
        throw new Unsupported(def.type);
    }
  }

  /** Each field as zod's object places it; unknown keys are dropped. */
  private objectCode(shape: Record<string, z.ZodType>): string[] {
    if (Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported("symbol keys");
    const fields = Object.keys(shape)
      .filter((key) => key !== "__proto__")
      .map((key) => {
        const schema = shape[key] as z.ZodType;
        const { optin, optout } = internals(schema);
        const k = JSON.stringify(key);
        const parse = `${this.parser(schema)}(v[${k}])`;
        if (optin === undefined)
          return `{ const x = ${parse}; if (x === R || !(${k} in v)) return R; o[${k}] = x; }`;
        if (optin === "optional" && optout === "optional")
          return `if (${k} in v) { const x = ${parse}; if (x === R) return R; o[${k}] = x; }`;
        if (optin === "defaulted" && optout === undefined)
          return `{ const x = ${parse}; if (x === R) return R; o[${k}] = x; }`;
        // The remaining rungs of zod's `handlePropertyResult`, spelled out.
        return [
          `{ const p = ${k} in v, x = ${parse};`,
          `if (x === R) { if (!(${optout === "optional"} && !p)) return R; }`,
          `else if (x !== undefined || p) o[${k}] = x; }`,
        ].join("\n");
      });
    return [
      `if (typeof v !== "object" || v === null || Array.isArray(v)) return R;`,
      `{ const o = {};`,
      ...fields,
      `v = o; }`,
    ];
  }

  /** The common checks inline; anything else, or an edge case of length, by zod's own code. */
  private checkCode(check: Check): string {
    const def = check._zod.def;
    const byZod = `v = zodCheck(${this.constant(check)}, v); if (v === R) return R;`;
    const lengthCheck = def.check === "min_length" || def.check === "max_length";
    if (def.when !== undefined && !lengthCheck) return byZod;
    switch (def.check) {
      case "custom":
        // A refinement's verdict is its function's truthiness; `superRefine` takes a context.
        if (def.fn === undefined || def.fn.length > 1) return byZod;
        return `if (!${this.constant(def.fn)}(v)) return R;`;
      case "overwrite":
        return `v = ${this.constant(def.tx)}(v);`;
      case "number_format":
        return def.format === "safeint" ? `if (!Number.isSafeInteger(v)) return R;` : byZod;
      case "greater_than":
        return `if (!(v ${def.inclusive ? ">=" : ">"} ${this.constant(def.value)})) return R;`;
      case "less_than":
        return `if (!(v ${def.inclusive ? "<=" : "<"} ${this.constant(def.value)})) return R;`;
      // zod counts a string's length in code points near the bound: the bound's edge is its.
      case "min_length":
        return `if (v.length < ${def.minimum}) return R; if (v.length < ${2 * (def.minimum ?? 0)}) { ${byZod} }`;
      case "max_length":
        return `if (v.length > ${def.maximum}) { ${byZod} }`;
      case "string_format":
        if (def.format !== "regex" || def.pattern === undefined) return byZod;
        return `{ const re = ${this.constant(def.pattern)}; re.lastIndex = 0; if (!re.test(v)) return R; }`;
      default:
        return byZod;
    }
  }
}

function required(schema: z.ZodType | undefined): z.ZodType {
  if (schema === undefined) throw new Unsupported("a wrapper without its type");
  return schema;
}
