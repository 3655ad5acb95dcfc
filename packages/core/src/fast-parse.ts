import type { z } from "zod";

/** What a fast parser returns for a value it does not accept: zod then says why. */
export const REFUSED: unique symbol = Symbol("refused");

/** Parses a value as its schema would, or returns {@link REFUSED}. */
export type FastParse = (value: unknown) => unknown;

/** The two generated parsers of a schema. */
export interface FastParsers {
  /** Always a parsed copy, as zod gives: for a value someone else holds and may change. */
  readonly copy: FastParse;
  /** The value itself when it is in form, else a parsed copy: for a value no one else holds. */
  readonly inForm: FastParse;
}

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
 * A parser that gives what `schema.parse` gives for every JSON value `schema` accepts, generated
 * once as JavaScript from the schema's definition. Decoding runs for every event of every replay,
 * and zod's general machinery (a payload and an issue list per value, property reads by a variable
 * key, a copy of every object) cost as much as reading the event. Two functions are generated:
 * one builds the parsed copy; the other says whether a value is accepted and already in the form
 * zod would give it (no unknown field, no default to fill in, nothing to trim), as every event
 * this library stored is, so that a value no one else holds need not be copied. Neither names
 * a fault: for a value they refuse, zod parses again and says why. `undefined` for a schema using
 * a zod feature the generator does not know, or where code cannot be generated at run time.
 */
export function compileFastParse(schema: z.ZodType): FastParsers | undefined {
  const generator = new Generator();
  try {
    const inForm = generator.function(schema, CHECK);
    const parse = generator.function(schema, PARSE);
    const source = `"use strict";\n${generator.functions.join("\n")}\nreturn { copy: ${parse}, inForm: (v) => (${inForm}(v) ? v : ${parse}(v)) };`;
    return new Function("R", "k", "zodCheck", source)(REFUSED, generator.constants, zodCheck) as FastParsers;
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

/** What a generated function does: build the parsed value, or check that a value is in form. */
interface Mode {
  readonly prefix: string;
  /** The statement that gives up on the value. */
  readonly refuse: string;
  /** The statement that ends with the value accepted. */
  readonly accept: string;
}
const PARSE: Mode = { prefix: "p", refuse: "return R;", accept: "return v;" };
const CHECK: Mode = { prefix: "c", refuse: "return false;", accept: "return true;" };

class Generator {
  readonly functions: string[] = [];
  readonly constants: unknown[] = [];
  /** Per mode, the function generated for each schema met so far. */
  private readonly names = new Map<Mode, Map<z.ZodType, string>>([
    [PARSE, new Map()],
    [CHECK, new Map()],
  ]);

  /** The name of the generated function for `schema` in `mode`. */
  function(schema: z.ZodType, mode: Mode): string {
    const names = this.names.get(mode) as Map<z.ZodType, string>;
    const known = names.get(schema);
    if (known !== undefined) return known;
    const name = `${mode.prefix}${names.size}`;
    names.set(schema, name);
    const zod = internals(schema);
    const body = [
      ...this.typeCode(zod, mode),
      ...(zod.def.checks ?? []).map((check) => this.checkCode(check, mode)),
      mode.accept,
    ];
    this.functions.push(`function ${name}(v) {\n${body.join("\n")}\n}`);
    return name;
  }

  private constant(value: unknown): string {
    this.constants.push(value);
    return `k[${this.constants.length - 1}]`;
  }

  private typeCode(zod: Internals, mode: Mode): string[] {
    const def = zod.def;
    const { refuse } = mode;
    const parsing = mode === PARSE;
    if (def.coerce) throw new Unsupported("coercion");
    const checked = (def.checks ?? []).length > 0;
    if (checked && !["string", "number", "array", "object"].includes(def.type))
      throw new Unsupported(`checks on ${def.type}`);
    switch (def.type) {
      case "string":
        return [`if (typeof v !== "string") ${refuse}`];
      case "number":
        return [`if (typeof v !== "number" || !Number.isFinite(v)) ${refuse}`];
      case "boolean":
        return [`if (typeof v !== "boolean") ${refuse}`];
      case "enum":
      case "literal": {
        if (zod.values === undefined) throw new Unsupported(def.type);
        return [`if (!${this.constant(zod.values)}.has(v)) ${refuse}`];
      }
      case "optional": {
        const inner = required(def.innerType);
        const next = this.function(inner, mode);
        // Only a defaulted inner type substitutes for absence; otherwise `undefined` stays.
        if (internals(inner).optin === "defaulted") return [`return ${next}(v);`];
        return [`if (v === undefined) ${mode.accept}`, `return ${next}(v);`];
      }
      case "default": {
        const next = this.function(required(def.innerType), mode);
        // An absent value is filled in, so it is not in form.
        if (!parsing) return [`if (v === undefined) ${refuse}`, `return ${next}(v);`];
        // Read through zod's getter each time: it hands out a fresh copy of the default.
        const defaults = this.constant(def);
        return [
          `if (v === undefined) return ${defaults}.defaultValue;`,
          `v = ${next}(v);`,
          `return v === undefined ? ${defaults}.defaultValue : v;`,
        ];
      }
      case "array": {
        const next = this.function(required(def.element), mode);
        if (!parsing)
          return [
            `if (!Array.isArray(v)) ${refuse}`,
            `for (let i = 0; i < v.length; i++) if (!${next}(v[i])) ${refuse}`,
          ];
        return [
          `if (!Array.isArray(v)) ${refuse}`,
          `{ const n = v.length, o = new Array(n);`,
          `for (let i = 0; i < n; i++) { const x = ${next}(v[i]); if (x === R) ${refuse} o[i] = x; }`,
          `v = o; }`,
        ];
      }
      case "object":
        if (def.catchall !== undefined || def.shape === undefined) throw new Unsupported("catchall");
        return parsing ? this.objectParseCode(def.shape) : this.objectCheckCode(def.shape);
      case "union":
        // zod takes the first option that accepts: a value is in form if that option keeps it.
        return [
          ...(def.options ?? []).map((option) =>
            parsing
              ? `{ const x = ${this.function(option, PARSE)}(v); if (x !== R) return x; }`
              : `if (${this.function(option, CHECK)}(v)) return true; if (${this.function(option, PARSE)}(v) !== R) return false;`,
          ),
          refuse,
        ];
      default:
        throw new Unsupported(def.type);
    }
  }

  private fields(shape: Record<string, z.ZodType>) {
    if (Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported("symbol keys");
    return Object.keys(shape)
      .filter((key) => key !== "__proto__")
      .map((key) => {
        const schema = shape[key] as z.ZodType;
        // Read one by one: zod defines them as lazy getters, which a spread would not copy.
        const { optin, optout } = internals(schema);
        return { schema, k: JSON.stringify(key), optin, optout };
      });
  }

  /** Each field as zod's object places it; unknown keys are dropped. */
  private objectParseCode(shape: Record<string, z.ZodType>): string[] {
    const fields = this.fields(shape).map(({ schema, k, optin, optout }) => {
      const parse = `${this.function(schema, PARSE)}(v[${k}])`;
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

  /** In form: every key known, every field in form, and nothing zod would add. */
  private objectCheckCode(shape: Record<string, z.ZodType>): string[] {
    const fields = this.fields(shape).map(({ schema, k, optin, optout }) => {
      const check = `${this.function(schema, CHECK)}(v[${k}])`;
      // An absent optional field stays absent; any other absent field is refused or filled in.
      if (optin === "optional" && optout === "optional")
        return `if (${k} in v) { if (!${check}) return false; n++; }`;
      return `if (!(${k} in v) || !${check}) return false; n++;`;
    });
    return [
      `if (typeof v !== "object" || v === null || Array.isArray(v)) return false;`,
      `{ let n = 0;`,
      ...fields,
      // A key the schema does not know would be dropped.
      `for (const key in v) n--;`,
      `if (n !== 0) return false; }`,
    ];
  }

  /** The common checks inline; anything else, or an edge case of length, by zod's own code. */
  private checkCode(check: Check, mode: Mode): string {
    const def = check._zod.def;
    const { refuse } = mode;
    const zodCall = `zodCheck(${this.constant(check)}, v)`;
    // In form means zod's check neither refuses nor changes the value.
    const byZod =
      mode === PARSE ? `v = ${zodCall}; if (v === R) return R;` : `if (${zodCall} !== v) return false;`;
    const lengthCheck = def.check === "min_length" || def.check === "max_length";
    if (def.when !== undefined && !lengthCheck) return byZod;
    switch (def.check) {
      case "custom":
        // A refinement's verdict is its function's truthiness; `superRefine` takes a context.
        if (def.fn === undefined || def.fn.length > 1) return byZod;
        return `if (!${this.constant(def.fn)}(v)) ${refuse}`;
      case "overwrite":
        return mode === PARSE
          ? `v = ${this.constant(def.tx)}(v);`
          : `if (${this.constant(def.tx)}(v) !== v) return false;`;
      case "number_format":
        return def.format === "safeint" ? `if (!Number.isSafeInteger(v)) ${refuse}` : byZod;
      case "greater_than":
        return `if (!(v ${def.inclusive ? ">=" : ">"} ${this.constant(def.value)})) ${refuse}`;
      case "less_than":
        return `if (!(v ${def.inclusive ? "<=" : "<"} ${this.constant(def.value)})) ${refuse}`;
      // zod counts a string's length in code points near the bound: the bound's edge is its.
      case "min_length":
        return `if (v.length < ${def.minimum}) ${refuse} if (v.length < ${2 * (def.minimum ?? 0)}) { ${byZod} }`;
      case "max_length":
        return `if (v.length > ${def.maximum}) { ${byZod} }`;
      case "string_format":
        if (def.format !== "regex" || def.pattern === undefined) return byZod;
        return `{ const re = ${this.constant(def.pattern)}; re.lastIndex = 0; if (!re.test(v)) ${refuse} }`;
      default:
        return byZod;
    }
  }
}

function required(schema: z.ZodType | undefined): z.ZodType {
  if (schema === undefined) throw new Unsupported("a wrapper without its type");
  return schema;
}
