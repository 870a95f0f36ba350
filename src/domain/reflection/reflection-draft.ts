import type { Ctx } from "../context.ts";
import { createEntry, type SavedEntry } from "../entries/index.ts";
import type { CurrentUser } from "../viewer.ts";
import { digestPeriod } from "./digest.ts";
import { entryLabel, ownEntriesBetween } from "./own-entries.ts";
import type { PeriodKind, Span } from "./periods.ts";

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const monthFormat = new Intl.DateTimeFormat("en-GB", {
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "the week of 16 March 2026" or "March 2026". */
export function periodName(kind: PeriodKind, span: Span): string {
  const first = new Date(Date.UTC(span.firstDay.year, span.firstDay.month - 1, span.firstDay.day));
  return kind === "week" ? `the week of ${dayFormat.format(first)}` : monthFormat.format(first);
}

/**
 * Starts a private reflection draft for one digest period: its body links
 * the period's entries, for the member to write around and edit.
 */
export async function startReflection(
  ctx: Ctx,
  user: CurrentUser,
  query: { period?: string; of?: string },
): Promise<SavedEntry> {
  const { kind, span } = await digestPeriod(ctx, user, query);
  const own = await ownEntriesBetween(ctx, user, span.start, span.end);
  const name = periodName(kind, span);
  const links = own.map(
    (entry) => `- [${entryLabel(entry)}](${ctx.config.publicUrl}/@${entry.handle}/${entry.id})`,
  );
  const body = [
    `What stood out in ${name}? What did I learn, and what would I do differently?`,
    "",
    links.length > 0
      ? `My entries from ${name}, as a starting point:`
      : `I wrote no entries in ${name}.`,
    "",
    ...links,
  ].join("\n");
  return createEntry(ctx, user, {
    kind: "note",
    prompt: "reflection",
    title: `Reflection on ${name}`,
    body,
    audience: "private",
    action: "draft",
  });
}
