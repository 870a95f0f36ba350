import type { Ctx } from "../domain/context.ts";
import type { CurrentUser } from "../domain/viewer.ts";

/** What middleware puts on every request for the routes. */
export interface AppEnv {
  Variables: {
    ctx: Ctx;
    requestId: string;
    user: CurrentUser | null;
    csrfToken: string;
    /** The session cookie's token, when there is a valid session. */
    sessionToken: string | null;
  };
}
