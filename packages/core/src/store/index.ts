export type * from "./envelope.js";
export type * from "./event-store.js";
export type * from "./projection-store.js";
export * from "./store-input.js";
