import { notFound } from "../errors.ts";

/**
 * The one answer for an entry or profile that does not exist or that the
 * viewer may not see: the two must be indistinguishable.
 */
export function notShown() {
  return notFound("There is nothing here, or it is not shared with you.");
}
