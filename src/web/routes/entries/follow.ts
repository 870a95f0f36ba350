import { Hono } from "hono";
import { follow, unfollow } from "../../../domain/follows.ts";
import type { AppEnv } from "../../env.ts";
import { paths } from "../../urls.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { AT_HANDLE, handleOf } from "./request.ts";

/** Follow and unfollow buttons on profiles post here, then go back to the profile. */
export function followRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const [verb, operation] of [
    ["follow", follow],
    ["unfollow", unfollow],
  ] as const) {
    app.post(`${AT_HANDLE}/${verb}`, async (c) => {
      const user = signedInOrRedirect(c);
      if (user instanceof Response) return user;
      const handle = handleOf(c);
      await operation(c.get("ctx"), user, { handle });
      return c.redirect(paths.profile(handle), 303);
    });
  }
  return app;
}
