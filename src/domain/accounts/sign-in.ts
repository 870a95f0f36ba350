import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { actors, users } from "../../db/schema/accounts.ts";
import type { Ctx } from "../context.ts";
import { DomainError } from "../errors.ts";
import type { CurrentUser } from "../viewer.ts";
import { parseInput } from "./members.ts";
import { DUMMY_HASH, verifyPassword } from "./passwords.ts";
import { createSession, currentUserColumns } from "./sessions.ts";
import { attemptKeys, forgiveAttempt, recordAttempt } from "./throttle.ts";

export const signInSchema = z.object({
  login: z.string().trim().min(1, "Enter your handle or email address").max(254),
  password: z.string().min(1, "Enter your password").max(200, "Use at most 200 characters"),
});

export type SignInInput = z.input<typeof signInSchema>;

/** The local account a handle ("alice", "@alice") or an email address names. */
async function findAccount(ctx: Ctx, login: string) {
  const match = login.includes("@", 1)
    ? sql`lower(${users.email}) = lower(${login})`
    : sql`lower(${actors.handle}) = lower(${login.replace(/^@/, "")}) and ${actors.host} is null`;
  const [row] = await ctx.db
    .select({ ...currentUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .innerJoin(actors, eq(actors.id, users.actorId))
    .where(match)
    .limit(1);
  return row ?? null;
}

/**
 * Checks a handle-or-email and password and starts a session. Failures are
 * throttled per account and per client address (`ip`); an unknown account
 * costs the same scrypt work as a known one, so timing does not tell.
 */
export async function signIn(
  ctx: Ctx,
  input: SignInInput,
  ip: string,
): Promise<{ user: CurrentUser; token: string }> {
  const data = parseInput(signInSchema, input);
  const account = await findAccount(ctx, data.login);
  const keys = attemptKeys(account?.handle ?? data.login.replace(/^@/, ""), ip);
  const at = await recordAttempt(ctx, keys);
  const ok = await verifyPassword(data.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !ok) {
    throw new DomainError("unauthenticated", "That handle or password is not right.");
  }
  await forgiveAttempt(ctx, keys, at);
  const { passwordHash: _, ...user } = account;
  return { user, token: await createSession(ctx, user.userId) };
}
