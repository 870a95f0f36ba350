import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { actors, invites, users } from "../../db/schema/accounts.ts";
import type { Ctx } from "../context.ts";
import { notFound } from "../errors.ts";
import { newId } from "../ids.ts";
import { requireAdmin } from "../settings.ts";
import type { CurrentUser } from "../viewer.ts";
import { parseInput } from "./members.ts";
import { hashToken } from "./sessions.ts";

const blankToUndefined = (value: unknown) =>
  value === "" || value === null || (typeof value === "string" && value.trim() === "")
    ? undefined
    : value;

export const newInviteSchema = z.object({
  note: z.string().trim().max(200, "Use at most 200 characters").default(""),
  expiresInDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number("Enter a number of days")
      .int("Use a whole number of days")
      .min(1, "Use 1 to 365 days")
      .max(365, "Use 1 to 365 days")
      .optional(),
  ),
});

export type NewInvite = z.input<typeof newInviteSchema>;

export type InviteState = "unused" | "used" | "expired";

export interface InviteView {
  id: string;
  note: string;
  createdAt: Date;
  expiresAt: Date | null;
  usedAt: Date | null;
  usedByHandle: string | null;
  state: InviteState;
}

/**
 * Creates a single-use invite. The token is returned once, for the admin to
 * share; only its hash is stored.
 */
export async function createInvite(
  ctx: Ctx,
  admin: CurrentUser | null,
  input: NewInvite,
): Promise<{ id: string; token: string }> {
  requireAdmin(admin);
  const data = parseInput(newInviteSchema, input);
  const token = randomBytes(24).toString("base64url");
  const id = newId();
  const now = ctx.now();
  await ctx.db.insert(invites).values({
    id,
    tokenHash: hashToken(token),
    createdBy: admin.userId,
    note: data.note,
    createdAt: now,
    expiresAt: data.expiresInDays
      ? new Date(now.getTime() + data.expiresInDays * 86_400_000)
      : null,
  });
  return { id, token };
}

function stateOf(invite: { usedAt: Date | null; expiresAt: Date | null }, now: Date): InviteState {
  if (invite.usedAt) return "used";
  if (invite.expiresAt && invite.expiresAt <= now) return "expired";
  return "unused";
}

/** Every invite, newest first, with who used it. */
export async function listInvites(ctx: Ctx, admin: CurrentUser | null): Promise<InviteView[]> {
  requireAdmin(admin);
  const rows = await ctx.db
    .select({
      id: invites.id,
      note: invites.note,
      createdAt: invites.createdAt,
      expiresAt: invites.expiresAt,
      usedAt: invites.usedAt,
      usedByHandle: actors.handle,
    })
    .from(invites)
    .leftJoin(users, eq(users.id, invites.usedBy))
    .leftJoin(actors, eq(actors.id, users.actorId))
    .orderBy(desc(invites.createdAt))
    .limit(200);
  const now = ctx.now();
  return rows.map((row) => ({ ...row, state: stateOf(row, now) }));
}

/** Deletes an invite nobody has used yet, so its link stops working. */
export async function revokeInvite(ctx: Ctx, admin: CurrentUser | null, id: string): Promise<void> {
  requireAdmin(admin);
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw notFound("That invite does not exist.");
  const deleted = await ctx.db
    .delete(invites)
    .where(and(eq(invites.id, parsed.data), isNull(invites.usedAt)))
    .returning({ id: invites.id });
  if (deleted.length === 0) throw notFound("That invite does not exist or was already used.");
}

/**
 * The invite a token names when it can still be used, or null. With `lock`
 * (inside a transaction) the row stays locked until commit, so two people
 * cannot use one invite at the same time.
 */
export async function usableInvite(
  ctx: Ctx,
  token: string | undefined,
  options: { lock?: boolean } = {},
): Promise<{ id: string } | null> {
  if (!token || token.length > 100) return null;
  const query = ctx.db
    .select({ id: invites.id, usedAt: invites.usedAt, expiresAt: invites.expiresAt })
    .from(invites)
    .where(eq(invites.tokenHash, hashToken(token)))
    .limit(1);
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row || stateOf(row, ctx.now()) !== "unused") return null;
  return { id: row.id };
}
