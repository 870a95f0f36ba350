import { sql } from "drizzle-orm";
import { type Ctx, transactional } from "../context.ts";
import { notFound } from "../errors.ts";
import type { CurrentUser } from "../viewer.ts";
import { createMember, memberCount, type NewMember } from "./members.ts";

/** True once the instance has a member; it never becomes false again. */
export async function hasMembers(ctx: Ctx): Promise<boolean> {
  return (await memberCount(ctx)) > 0;
}

/**
 * Creates the first member, who becomes the admin. A transaction-scoped
 * advisory lock serializes concurrent attempts, so two setup forms sent at
 * the same moment cannot create two admins: the second finds a member and fails.
 */
export async function setUpInstance(ctx: Ctx, input: NewMember): Promise<CurrentUser> {
  return transactional(ctx, async (tx) => {
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext('outloud.setup'))`);
    if (await hasMembers(tx)) throw notFound("This instance is already set up.");
    return createMember(tx, input, "admin");
  });
}
