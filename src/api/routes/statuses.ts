import { Hono } from "hono";
import type { ApiEnv } from "../env.ts";

/** Filled in by the helper that owns this area (see /work/notes/api.md). */
export function statusesRoutes(): Hono<ApiEnv> {
  return new Hono<ApiEnv>();
}
