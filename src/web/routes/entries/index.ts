import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { composeRoutes } from "./compose.ts";
import { entryPageRoutes } from "./entry.ts";
import { entryAuthorRoutes } from "./entry-author.ts";
import { feedRoutes } from "./feeds.ts";
import { followRoutes } from "./follow.ts";
import { homeRoutes } from "./home.ts";
import { journalRoutes } from "./journal.ts";
import { profileRoutes } from "./profile.ts";
import { tagRoutes } from "./tags.ts";

/** Composer, entry pages, profiles, tag pages, the journal and feeds. */
export function entryRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Feeds and follow first: `/@handle/feed.atom` must not be read as an entry id.
  app.route("/", feedRoutes());
  app.route("/", followRoutes());
  app.route("/", homeRoutes());
  app.route("/", composeRoutes());
  app.route("/", journalRoutes());
  app.route("/", tagRoutes());
  app.route("/", profileRoutes());
  app.route("/", entryAuthorRoutes());
  app.route("/", entryPageRoutes());
  return app;
}
