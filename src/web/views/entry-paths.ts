import type { EntryPrompt } from "../../domain/entries/index.ts";
import { paths } from "../urls.ts";

export type FeedFormat = "atom" | "rss" | "json";

/** Paths of the entry pages beyond the public ones in `paths`. */
export const entryPaths = {
  ...paths,
  edit: (handle: string, id: string) => `${paths.entry(handle, id)}/edit`,
  history: (handle: string, id: string) => `${paths.entry(handle, id)}/history`,
  delete: (handle: string, id: string) => `${paths.entry(handle, id)}/delete`,
  compose: (prompt?: EntryPrompt) => (prompt ? `/compose?prompt=${prompt}` : "/compose"),
  profileFeed: (handle: string, format: FeedFormat) => `${paths.profile(handle)}/feed.${format}`,
  tagFeed: (tag: string, format: FeedFormat) => `${paths.tag(tag)}/feed.${format}`,
};
