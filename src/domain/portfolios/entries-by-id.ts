import { and, type SQL } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import type { Ctx } from "../context.ts";
import { type EntryView, pageOfEntries } from "../entries/view-model.ts";
import { idIn } from "../ids.ts";

/**
 * Entries with these ids that also match `visible` (an authorization rule
 * from authorization.ts), ready to render, keyed by id: for lists whose order
 * the member chose (portfolio items, pins, evidence).
 */
export async function entriesById(
  ctx: Ctx,
  ids: readonly string[],
  visible: SQL,
): Promise<Map<string, EntryView>> {
  if (ids.length === 0) return new Map();
  const page = await pageOfEntries(ctx, {
    where: and(idIn(entries.id, ids), visible)!,
    sort: "published",
    limit: ids.length,
  });
  return new Map(page.entries.map((entry) => [entry.id, entry]));
}
