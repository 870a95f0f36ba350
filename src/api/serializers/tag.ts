import type { Tag } from "../../domain/tags.ts";

/** Mastodon's Tag entity; usage history is not kept, so it is empty. */
export interface MastodonTag {
  name: string;
  url: string;
  history: { day: string; uses: string; accounts: string }[];
  following: boolean;
}

export function serializeTag(tag: Tag, publicUrl: string): MastodonTag {
  return {
    name: tag.display || tag.tag,
    url: `${publicUrl}/tags/${encodeURIComponent(tag.tag)}`,
    history: [],
    following: false,
  };
}
