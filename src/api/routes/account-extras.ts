import { Hono } from "hono";
import { setAccountNote } from "../../domain/api/account-notes.ts";
import { accountOr404 } from "../account-lookup.ts";
import { apiUser, apiViewer, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError, readParams } from "../errors.ts";
import { pageParams } from "../pagination.ts";
import { loadRelationships } from "../serializers/relationship.ts";

/**
 * The member's private notes on accounts, and the account features apps ask
 * for that Outloud does not model, answered with Mastodon's empty shapes.
 */
export function accountExtraRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  // `comment`: the note; empty removes it. Answers the relationship, which carries it.
  app.post("/api/v1/accounts/:id/note", requireScope("write:accounts"), async (c) => {
    const params = await readParams(c);
    const id = c.req.param("id");
    await setAccountNote(c.get("ctx"), apiUser(c), id, params.comment);
    const [relationship] = await loadRelationships(c.get("ctx"), apiUser(c), [id]);
    return c.json(relationship);
  });

  // Identity proofs were removed from Mastodon (3.5); apps still ask.
  app.get(
    "/api/v1/accounts/:id/identity_proofs",
    requireScope("read:accounts", { optional: true }),
    async (c) => {
      await accountOr404(c, apiViewer(c), c.req.param("id"));
      return c.json([]);
    },
  );

  // Featuring ("pinning") accounts on a profile is not a feature here: nobody is endorsed.
  app.get("/api/v1/endorsements", requireScope("read:accounts"), (c) => {
    pageParams(c, { limit: 40, max: 80 });
    return c.json([]);
  });

  // Domain blocks are the admins' (Admin → Domain blocks), for the whole server: a member
  // blocks no domain of their own, so their list is empty and they cannot add to it.
  app.get("/api/v1/domain_blocks", requireScope("read:blocks"), (c) => {
    pageParams(c, { limit: 100, max: 200 });
    return c.json([]);
  });
  for (const method of ["post", "delete"] as const) {
    app[method]("/api/v1/domain_blocks", requireScope("write:blocks"), () => {
      throw apiError(
        422,
        "Blocking a whole domain is for this server's admins; block or mute the accounts instead",
      );
    });
  }
  return app;
}
