import { forbidden } from "../errors.ts";
import type { CurrentUser } from "../viewer.ts";

/** Moderation pages are the admin's: a signed-in member gets a clear 403. */
export function requireModerator(user: CurrentUser | null): asserts user is CurrentUser {
  if (user?.role !== "admin") throw forbidden("Only the admin of this server can do that.");
}
