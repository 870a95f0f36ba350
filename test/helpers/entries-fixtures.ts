import { createMember } from "../../src/domain/accounts/members.ts";
import { createSession } from "../../src/domain/accounts/sessions.ts";
import type { Ctx } from "../../src/domain/context.ts";
import type { CurrentUser } from "../../src/domain/viewer.ts";
import { TestClient } from "./client.ts";
import type { TestRuntime } from "./runtime.ts";

/** A member created directly through the domain (not through the setup pages). */
export function makeMember(ctx: Ctx, handle: string): Promise<CurrentUser> {
  return createMember(ctx, {
    handle,
    email: `${handle.toLowerCase()}@example.org`,
    password: "correct horse battery",
    displayName: `${handle} Example`,
  });
}

/** A browser signed in as `member` (a session made in the domain, put in the cookie jar). */
export async function signedInClient(
  runtime: TestRuntime,
  member: CurrentUser,
): Promise<TestClient> {
  const client = new TestClient(runtime.app);
  client.cookies.set("outloud_session", await createSession(runtime.ctx, member.userId));
  return client;
}

/** Counts rows of a table (tests check that failures wrote nothing). */
export async function countRows(
  runtime: TestRuntime,
  table: "entries" | "entry_tags" | "entry_versions" | "jobs",
) {
  const [row] = await runtime.database.sql.unsafe<{ n: number }[]>(
    `select count(*)::int as n from ${table}`,
  );
  return row?.n ?? 0;
}
