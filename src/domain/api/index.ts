export * from "./scopes.ts";
export * from "./tokens.ts";
