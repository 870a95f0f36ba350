export * from "./accounts.ts";
export * from "./entries.ts";
export * from "./jobs.ts";
