export * from "./domain-error.js";
export * from "./domain-errors.js";
export * from "./error-codes.js";
export * from "./integrity-errors.js";
export * from "./iop-error.js";
export * from "./personal-data-errors.js";
export * from "./storage-errors.js";
export * from "./validation-errors.js";
