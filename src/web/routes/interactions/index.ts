import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { actionRoutes } from "./actions.ts";
import { conversationRoutes } from "./conversations.ts";
import { replyRoutes } from "./reply.ts";

/** Replies, likes, shares, bookmarks, accepted answers and direct conversations. */
export function interactionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", actionRoutes());
  app.route("/", replyRoutes());
  app.route("/", conversationRoutes());
  return app;
}
