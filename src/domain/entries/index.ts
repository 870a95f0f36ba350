/** The entries area: what pages, feeds, the CLI and (later) the API call. */
export {
  type EditableEntry,
  entryForEditing,
  entryHistory,
  type VersionView,
} from "./author-views.ts";
export { createEntry, type NewEntryInput, type SavedEntry } from "./create.ts";
export { isCursor } from "./cursor.ts";
export { deleteEntry } from "./delete.ts";
export { notShown } from "./not-shown.ts";
export { localMembers, type MemberSummary, type ProfileView, profileView } from "./profile.ts";
export {
  AUDIENCES,
  type Audience,
  ENTRY_ACTIONS,
  ENTRY_AUDIENCES,
  ENTRY_KINDS,
  ENTRY_PROMPTS,
  type EntryAction,
  type EntryKind,
  type EntryPrompt,
  MAX_BODY_CHARS,
} from "./schema.ts";
export { type EntryUpdateInput, updateEntry } from "./update.ts";
export type { AuthorView, EntryPage, EntryView } from "./view-model.ts";
export {
  entryForViewer,
  FEED_SIZE,
  type FeedSource,
  feedEntries,
  instanceEntries,
  type JournalOptions,
  journalEntries,
  type ListOptions,
  PAGE_SIZE,
  profileEntries,
  tagEntries,
} from "./views.ts";
