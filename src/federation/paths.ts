/** URI templates of everything Fedify serves; object ids are our permalinks. */
export const federationPaths = {
  actor: "/@{identifier}",
  inbox: "/@{identifier}/inbox",
  sharedInbox: "/inbox",
  outbox: "/@{identifier}/outbox",
  followers: "/@{identifier}/followers",
  following: "/@{identifier}/following",
  featured: "/@{identifier}/featured",
  featuredTags: "/@{identifier}/tags",
  /** Our Like and Announce ids (`localActivityUri` in src/domain/interactions). */
  like: "/activities/like/{id}",
  share: "/activities/share/{id}",
  nodeInfo: "/nodeinfo/2.1",
} as const;

/** Same shapes as `paths` in src/web/urls.ts (kept apart: the layers do not share code). */
export const pagePaths = {
  profile: (handle: string) => `/@${handle}`,
  entry: (handle: string, id: string) => `/@${handle}/${id}`,
  tag: (tag: string) => `/tags/${encodeURIComponent(tag.toLowerCase())}`,
  avatar: (key: string) => `/media/avatars/${key}`,
  media: (id: string, file: string) => `/media/${id}/${file}`,
};

/** Whether a path is one of our inboxes (they get their own body limit). */
export function isInboxPath(path: string): boolean {
  return path === "/inbox" || /^\/@[A-Za-z0-9_]{1,30}\/inbox$/.test(path);
}
