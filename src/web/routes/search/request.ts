import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  BUILDER_FIELDS,
  type BuilderValues,
  isSearchCursor,
  MAX_QUERY_CHARS,
  type SearchSort,
} from "../../../domain/search/index.ts";
import type { AppEnv } from "../../env.ts";
import { queryParam } from "../entries/request.ts";

/** `sort`: "relevance" when asked for, else newest first. */
export function sortOf(value: string | undefined): SearchSort {
  return value === "relevance" ? "relevance" : "recent";
}

/** The query string as sent; the parser bounds and cleans it (it never throws). */
export function qOf(c: Context<AppEnv>): string {
  return (c.req.query("q") ?? "").slice(0, MAX_QUERY_CHARS * 4);
}

/** The page token for this order; one we did not make is a 400. */
export function searchCursorOf(c: Context<AppEnv>, sort: SearchSort): string | null {
  const cursor = c.req.query("cursor") ?? "";
  if (cursor === "") return null;
  if (!isSearchCursor(sort, cursor)) {
    throw new HTTPException(400, { message: "That page link is not valid." });
  }
  return cursor;
}

/** The builder's fields from the query string. */
export function builderValuesOf(c: Context<AppEnv>): BuilderValues {
  return Object.fromEntries(BUILDER_FIELDS.map((field) => [field, queryParam(c, field, 1000)]));
}
