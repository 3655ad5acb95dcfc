export * from "./commands.js";
export * from "./errors.js";
export * from "./events/index.js";
export * from "./schemas/index.js";
export * from "./store/index.js";
