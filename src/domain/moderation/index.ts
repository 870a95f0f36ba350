/** Blocks, mutes, follow requests, domain blocks and reports. */
export * from "./actors.ts";
export * from "./admin.ts";
export * from "./blocks.ts";
export * from "./domain-blocks.ts";
export * from "./follow-requests.ts";
export * from "./mutes.ts";
export * from "./relationships.ts";
export * from "./reports.ts";
