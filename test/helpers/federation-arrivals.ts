import type { Instance } from "./federation.ts";

export type Json = Record<string, unknown>;

/** Rows of a query on one instance's database. */
export async function sqlRows(instance: Instance, query: string): Promise<Json[]> {
  const rows = await instance.runtime.database.sql.unsafe<Json[]>(query);
  return rows.map((row) => ({ ...row }));
}

/**
 * Runs the sender's jobs only (its deliveries) and returns the activities of
 * `type` now waiting in the receiver's inbox queue, as they arrived (signed,
 * accepted with 202, not yet processed): what the sender sent, whatever the
 * receiver later makes of it.
 */
export async function arrivals(from: Instance, to: Instance, type: string): Promise<Json[]> {
  for (let round = 0; round < 30; round++) {
    if ((await from.runtime.drainJobs()) === 0) break;
  }
  const rows = await sqlRows(
    to,
    `select payload from jobs where kind = 'federation-message' and state = 'pending'
     and payload->>'type' = 'inbox' order by id`,
  );
  return rows
    .map((row) => (row.payload as { activity: Json }).activity)
    .filter((activity) => activity.type === type);
}

/** The one activity of `type` the sender delivered to the receiver (fails on none or several). */
export async function arrivedOnce(from: Instance, to: Instance, type: string): Promise<Json> {
  const found = await arrivals(from, to, type);
  if (found.length !== 1) {
    throw new Error(`Expected one ${type} in the receiver's inbox, found ${found.length}`);
  }
  return found[0] as Json;
}
