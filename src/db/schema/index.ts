export * from "./accounts.ts";
export * from "./entries.ts";
export * from "./jobs.ts";
export * from "./media.ts";
export * from "./portfolios.ts";
export * from "./search.ts";
