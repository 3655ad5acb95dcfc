export * from "./in-memory-event-store.js";
export * from "./in-memory-projection-store.js";
