export * from "./agreement-events.js";
export * from "./application-events.js";
export * from "./catalog.js";
export * from "./decision-events.js";
export * from "./follow-up-events.js";
