import { eq } from "drizzle-orm";
import { invites } from "../../db/schema/accounts.ts";
import { type Ctx, transactional } from "../context.ts";
import { forbidden } from "../errors.ts";
import { type RegistrationMode, registrationMode } from "../settings.ts";
import type { CurrentUser } from "../viewer.ts";
import { usableInvite } from "./invites.ts";
import { createMember, type NewMember } from "./members.ts";

export type RegistrationAccess =
  | { allowed: true; mode: RegistrationMode }
  | { allowed: false; mode: RegistrationMode; reason: string };

export const CLOSED_MESSAGE =
  "This instance is not taking new members at the moment. If you know the admin, ask them for an account.";
export const NO_INVITE_MESSAGE =
  "New accounts here need an invite link from the admin. If you have one, open it again; it may have expired or been used already.";

/** Whether someone holding `inviteToken` (maybe none) may register, and with which invite. */
async function checkAccess(ctx: Ctx, inviteToken: string | undefined, lock: boolean) {
  const mode = await registrationMode(ctx);
  if (mode === "open") return { allowed: true as const, mode, inviteId: null };
  if (mode === "closed") return { allowed: false as const, mode, reason: CLOSED_MESSAGE };
  const invite = await usableInvite(ctx, inviteToken, { lock });
  if (invite) return { allowed: true as const, mode, inviteId: invite.id };
  return { allowed: false as const, mode, reason: NO_INVITE_MESSAGE };
}

/** Whether the registration form may be shown to someone holding `inviteToken`. */
export async function registrationAccess(
  ctx: Ctx,
  inviteToken?: string,
): Promise<RegistrationAccess> {
  const { inviteId: _, ...access } = await checkAccess(ctx, inviteToken, false);
  return access;
}

/**
 * Registers a member under the instance's registration mode. With an invite,
 * the invite is checked (row locked) and marked used in the same transaction
 * that creates the member: it works exactly once.
 */
export async function registerMember(
  ctx: Ctx,
  input: NewMember,
  inviteToken?: string,
): Promise<CurrentUser> {
  return transactional(ctx, async (tx) => {
    const access = await checkAccess(tx, inviteToken, true);
    if (!access.allowed) throw forbidden(access.reason);
    const member = await createMember(tx, input, "member");
    if (access.inviteId) {
      await tx.db
        .update(invites)
        .set({ usedBy: member.userId, usedAt: tx.now() })
        .where(eq(invites.id, access.inviteId));
    }
    return member;
  });
}
