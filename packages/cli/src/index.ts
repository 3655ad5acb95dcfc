export { main, USAGE } from "./main.js";
export { DEFAULT_STORE, openStore, type StoreAccess } from "./open-store.js";
export type { Output } from "./output.js";
