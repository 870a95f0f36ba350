import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { isCursor } from "../../../domain/entries/index.ts";
import { ANONYMOUS, type Viewer } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";

/** Route pattern for `/@handle` (the param keeps its "@"; see `handleOf`). */
export const AT_HANDLE = "/:handle{@[A-Za-z0-9_]{1,30}}";

export function handleOf(c: Context<AppEnv>): string {
  return (c.req.param("handle") ?? "").replace(/^@/, "");
}

/** Who is looking: the signed-in member or the anonymous visitor. */
export function viewerOf(c: Context<AppEnv>): Viewer {
  return c.get("user") ?? ANONYMOUS;
}

/** The `cursor` query parameter; a page token we did not make is a 400. */
export function cursorOf(c: Context<AppEnv>): string | null {
  const cursor = c.req.query("cursor") ?? "";
  if (cursor === "") return null;
  if (!isCursor(cursor)) throw new HTTPException(400, { message: "That page link is not valid." });
  return cursor;
}

/** A query parameter, trimmed and bounded; "" when absent. */
export function queryParam(c: Context<AppEnv>, name: string, max = 100): string {
  return (c.req.query(name) ?? "").trim().slice(0, max);
}

/** This instance's origin, for absolute URLs (OpenGraph, feeds). */
export function originOf(c: Context<AppEnv>): string {
  return c.get("ctx").config.publicUrl;
}
