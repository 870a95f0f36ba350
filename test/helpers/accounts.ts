import { TestClient } from "./client.ts";
import type { TestRuntime } from "./runtime.ts";

export const PASSWORD = "correct horse battery";

/** The fields of the setup and registration forms for `handle`. */
export function memberForm(handle: string, extra: Record<string, string> = {}) {
  return {
    handle,
    email: `${handle.toLowerCase()}@example.org`,
    password: PASSWORD,
    displayName: `${handle} Example`,
    ...extra,
  };
}

/** Sets the instance up through /setup; returns the signed-in admin's browser. */
export async function setUpAdmin(runtime: TestRuntime, handle = "admin_ada"): Promise<TestClient> {
  const client = new TestClient(runtime.app);
  const response = await client.post("/setup", memberForm(handle));
  if (response.status !== 303) throw new Error(`setup answered ${response.status}`);
  return client;
}

/** A fresh browser signed in through /sign-in. */
export async function signInClient(
  runtime: TestRuntime,
  handle: string,
  password = PASSWORD,
): Promise<TestClient> {
  const client = new TestClient(runtime.app);
  const response = await client.post("/sign-in", { handle, password });
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  return client;
}

/** Rows in an accounts table, to check that a refused request wrote nothing. */
export async function rowCount(
  runtime: TestRuntime,
  table: "users" | "actors" | "sessions" | "invites" | "sign_in_failures",
): Promise<number> {
  const [row] = await runtime.database.sql.unsafe<{ n: number }[]>(
    `select count(*)::int as n from ${table}`,
  );
  return row?.n ?? 0;
}
