import { count, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { actors, users } from "../../db/schema/accounts.ts";
import { type Ctx, transactional } from "../context.ts";
import { conflict, invalid } from "../errors.ts";
import { newId } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { hashPassword } from "./passwords.ts";

export const HANDLE_PATTERN = /^[A-Za-z0-9_]{1,30}$/;
/** Handles that would collide with pages or confuse people. */
const RESERVED = new Set([
  "admin",
  "api",
  "about",
  "compose",
  "journal",
  "media",
  "oauth",
  "search",
  "settings",
  "setup",
  "sign-in",
  "static",
  "tags",
  "outloud",
  "root",
  "support",
  "www",
]);

export const newMemberSchema = z.object({
  handle: z
    .string()
    .trim()
    .regex(HANDLE_PATTERN, "Use 1 to 30 letters, digits or underscores")
    .refine((h) => !RESERVED.has(h.toLowerCase()), "That handle is reserved"),
  email: z.string().trim().toLowerCase().max(254).email("Enter a valid email address"),
  password: z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
  displayName: z.string().trim().max(100, "Use at most 100 characters").optional(),
});

export type NewMember = z.input<typeof newMemberSchema>;

/** Turns zod issues into one message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Parses input with a schema, or throws a DomainError listing every field problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw invalid("Some fields need attention.", fieldErrors(result.error));
  }
  return result.data;
}

/**
 * Creates a member: an actor with a profile and a user who signs in. Used by
 * setup, registration and the CLI.
 */
export async function createMember(
  ctx: Ctx,
  input: NewMember,
  role: "admin" | "member" = "member",
): Promise<CurrentUser> {
  const data = parseInput(newMemberSchema, input);
  const passwordHash = await hashPassword(data.password);
  return transactional(ctx, async (tx) => {
    const taken = await tx.db
      .select({ handle: actors.handle })
      .from(actors)
      .where(isLocalHandle(data.handle))
      .limit(1);
    if (taken.length > 0) {
      throw conflict("That handle is taken.", { handle: "That handle is taken" });
    }
    const emailTaken = await tx.db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${data.email}`)
      .limit(1);
    if (emailTaken.length > 0) {
      throw conflict("That email address already has an account.", {
        email: "That email address already has an account",
      });
    }
    const actorId = newId();
    const userId = newId();
    const displayName = data.displayName || data.handle;
    await tx.db.insert(actors).values({
      id: actorId,
      handle: data.handle,
      displayName,
      createdAt: tx.now(),
      updatedAt: tx.now(),
    });
    await tx.db.insert(users).values({
      id: userId,
      actorId,
      email: data.email,
      passwordHash,
      role,
      createdAt: tx.now(),
    });
    return { userId, actorId, handle: data.handle, displayName, role };
  });
}

export async function memberCount(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/** The local actor with this handle, in any case (as the unique index reads it). */
export function isLocalHandle(handle: string): SQL {
  return sql`lower(${actors.handle}) = lower(${handle}) and ${actors.host} is null`;
}

/** What a profile shows of a member, wherever it is shown (page, ActivityPub). */
export const profileColumns = {
  id: actors.id,
  handle: actors.handle,
  displayName: actors.displayName,
  headline: actors.headline,
  bioHtml: actors.bioHtml,
  links: actors.links,
  avatarKey: actors.avatarKey,
};

/** The local actor with this handle (any case), or null. */
export async function findLocalActor(ctx: Ctx, handle: string) {
  if (!HANDLE_PATTERN.test(handle)) return null;
  const [row] = await ctx.db.select().from(actors).where(isLocalHandle(handle)).limit(1);
  return row ?? null;
}
