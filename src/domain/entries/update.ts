import { and, eq, max, notInArray } from "drizzle-orm";
import { z } from "zod";
import { entries, entryMentions, entryTags, entryVersions } from "../../db/schema/entries.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { invalid } from "../errors.ts";
import { queueEntryFederation } from "../federation/outgoing.ts";
import { isUuid, newId } from "../ids.ts";
import { attachEntryMedia, prepareEntryMedia, statusWithMedia } from "../media/index.ts";
import { announceStream, type NarrowedAudience } from "../stream.ts";
import type { CurrentUser } from "../viewer.ts";
import { addressees, notifyAddressees, replaceMentions } from "./addressing.ts";
import type { SavedEntry } from "./create.ts";
import { notShown } from "./not-shown.ts";
import { ENTRY_ACTIONS, type EntryFields, entrySchema } from "./schema.ts";
import { contentColumns, queuePublish, replaceTags } from "./store.ts";

export interface EntryUpdateInput extends EntryFields {
  id: string;
  /** "save" keeps the entry's status; the others move it. */
  action?: string;
  /** Client apps may post undescribed media: the coach reminds the author afterwards. */
  describeMediaLater?: boolean;
}

type Status = SavedEntry["status"];
const UPDATE_ACTIONS = ["save", ...ENTRY_ACTIONS] as const;
type UpdateAction = (typeof UPDATE_ACTIONS)[number];

const actionSchema = z.object({
  action: z
    .enum(UPDATE_ACTIONS, { error: "Choose Save, Publish, Save draft or Schedule" })
    .default("save"),
});

/** Where an entry may go from where it is: a published entry stays published. */
function nextStatus(current: Status, action: UpdateAction): Status {
  if (current === "published") {
    if (action === "draft" || action === "schedule") {
      throw invalid("A published entry stays published.", {
        action: "A published entry stays published",
      });
    }
    return "published";
  }
  if (action === "save") return current;
  return action === "draft" ? "draft" : action === "schedule" ? "scheduled" : "published";
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

/**
 * Changes an entry (its author only). The content it replaces is kept as a
 * version first, so the author can see the history.
 */
export async function updateEntry(
  ctx: Ctx,
  author: CurrentUser,
  input: EntryUpdateInput,
): Promise<SavedEntry> {
  const { action } = parseInput(actionSchema, { action: input.action });
  if (!isUuid(input.id)) throw notShown();
  return transactional(ctx, async (tx) => {
    const [current] = await tx.db
      .select()
      .from(entries)
      .where(and(eq(entries.id, input.id), eq(entries.authorId, author.actorId)))
      .for("update");
    if (!current) throw notShown();
    const asked = nextStatus(current.status, action);
    const data = parseInput(entrySchema(tx.now(), asked === "scheduled"), input);
    const media = await prepareEntryMedia(
      tx,
      author,
      current.id,
      data.kind,
      input,
      asked !== "draft" && !input.describeMediaLater,
    );
    // A published entry stays published (new files show as processing); others wait for their media.
    const status = current.status === "published" ? asked : statusWithMedia(asked, media);
    const now = tx.now();
    // Mentions follow the text: re-read on every edit (a reply keeps its parent's author).
    const mentions = await addressees(tx, {
      authorId: author.actorId,
      body: data.body,
      audience: data.audience,
      parentId: current.inReplyToEntryId ?? current.inReplyToRemoteId,
    });

    const oldTags = await tx.db
      .select({ display: entryTags.display })
      .from(entryTags)
      .where(eq(entryTags.entryId, current.id))
      .orderBy(entryTags.display);
    const oldDisplays = oldTags.map((t) => t.display);
    const newDisplays = data.tags.map((t) => t.display).sort();
    const contentChanged =
      current.title !== data.title ||
      current.bodyMarkdown !== data.body ||
      current.contentWarning !== data.contentWarning ||
      !sameTags([...oldDisplays].sort(), newDisplays);
    if (contentChanged) {
      const [last] = await tx.db
        .select({ version: max(entryVersions.version) })
        .from(entryVersions)
        .where(eq(entryVersions.entryId, current.id));
      await tx.db.insert(entryVersions).values({
        id: newId(),
        entryId: current.id,
        version: (last?.version ?? 0) + 1,
        title: current.title,
        bodyMarkdown: current.bodyMarkdown,
        bodyHtml: current.bodyHtml,
        contentWarning: current.contentWarning,
        tags: oldDisplays,
        replacedAt: now,
      });
    }

    const scheduledAt = status === "scheduled" ? data.scheduledAt : null;
    await tx.db
      .update(entries)
      .set({
        ...(await contentColumns(tx, author.actorId, data, mentions.links)),
        status,
        scheduledAt,
        publishedAt: status === "published" ? (current.publishedAt ?? now) : null,
        updatedAt: now,
      })
      .where(eq(entries.id, current.id));
    await replaceTags(tx, current.id, data.tags);
    const unmentioned = await tx.db
      .select({ actorId: entryMentions.actorId })
      .from(entryMentions)
      .where(
        and(
          eq(entryMentions.entryId, current.id),
          mentions.actorIds.length > 0
            ? notInArray(entryMentions.actorId, [...mentions.actorIds])
            : undefined,
        ),
      );
    await replaceMentions(tx, current.id, mentions.actorIds);
    await notifyAddressees(tx, current.id);
    await attachEntryMedia(tx, author, current.id, media);
    const rescheduled =
      scheduledAt !== null &&
      (current.status !== "scheduled" || current.scheduledAt?.getTime() !== scheduledAt.getTime());
    if (rescheduled) await queuePublish(tx, current.id, scheduledAt);
    await queueEntryFederation(tx, current.id);
    if (status === "published" && current.status !== "published") {
      await announceStream(tx, { kind: "post", id: current.id });
    } else if (status === "published") {
      // Live timelines drop a post its edit took from them (public → followers, a mention removed).
      const narrowed: NarrowedAudience | undefined =
        (data.audience !== current.audience && data.audience !== "public") || unmentioned.length > 0
          ? {
              authorId: author.actorId,
              wasPublic: current.audience === "public",
              tags: oldDisplays.slice(0, 20).map((tag) => tag.toLowerCase()),
              unmentioned: unmentioned.slice(0, 50).map((row) => row.actorId),
            }
          : undefined;
      await announceStream(tx, { kind: "edited", id: current.id, ...(narrowed && { narrowed }) });
    }
    return { id: current.id, handle: author.handle, status };
  });
}
