/**
 * `@iop/core/testing`: helpers for testing deciders and streams (they need `vitest` and
 * `fast-check`, which are optional peer dependencies of `@iop/core`).
 */
export * from "./command-arbitrary.js";
export * from "./decider-spec.js";
export * from "./hostile-commands.js";
export * from "./hostile-values.js";
export * from "./judge-handle.js";
export * from "./stream-invariants.js";
