export * from "./calendar-date.js";
export * from "./decision.js";
export * from "./money.js";
export * from "./organisation-number.js";
export * from "./parties.js";
export * from "./period.js";
export * from "./source-document.js";
