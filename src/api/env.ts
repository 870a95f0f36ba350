import type { ApiToken } from "../domain/api/index.ts";
import type { AppEnv } from "../web/env.ts";

/** What the API's middleware puts on a request, on top of the web app's variables. */
export interface ApiEnv {
  Variables: AppEnv["Variables"] & {
    /** The bearer token presented, or null for an anonymous call. */
    token: ApiToken | null;
  };
}
