import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../../src/db/schema/index.ts";
import type { TestRuntime } from "./runtime.ts";

/** A statement as it ran, with its parameters. */
export interface RanStatement {
  query: string;
  params: unknown[];
}

/** The runtime's context, handing each statement it runs to `onQuery` (or keeping it in an array). */
export function logged(
  runtime: TestRuntime,
  onQuery: RanStatement[] | ((query: string, params: unknown[]) => void),
): TestRuntime["ctx"] {
  const logQuery = Array.isArray(onQuery)
    ? (query: string, params: unknown[]) => onQuery.push({ query, params })
    : onQuery;
  return {
    ...runtime.ctx,
    db: drizzle(runtime.database.sql, { schema, logger: { logQuery } }),
  } as TestRuntime["ctx"];
}

/** PostgreSQL's plan for a statement that ran, as JSON text. */
export async function planOf(runtime: TestRuntime, statement: RanStatement): Promise<string> {
  const [plan] = await runtime.database.sql.unsafe(
    `explain (format json) ${statement.query}`,
    statement.params as string[],
  );
  return JSON.stringify(plan);
}
