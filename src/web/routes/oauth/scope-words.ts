/** OAuth scopes in plain words, for the consent page and the settings page. */
const TOP: Record<string, string> = {
  read: "See everything you can see here: your posts, timelines, notifications, followers, bookmarks and lists",
  write:
    "Act for you: post, edit and delete, upload media, favourite and share, change your profile and relationships",
  follow: "See and change whom you follow, block and mute",
  push: "Send your notifications to a push service",
  profile: "See your name, handle and avatar",
};

const THINGS: Record<string, string> = {
  accounts: "your profile",
  blocks: "whom you block",
  bookmarks: "your bookmarks",
  conversations: "your conversations",
  favourites: "your favourites",
  filters: "your filters",
  follows: "whom you follow",
  lists: "your lists",
  media: "your uploaded media",
  mutes: "whom you mute",
  notifications: "your notifications",
  reports: "reports you file",
  search: "searches for you",
  statuses: "your posts",
};

/** One scope described: "read:statuses" → "See your posts". */
export function scopeInWords(scope: string): string {
  const top = TOP[scope];
  if (top) return top;
  const [kind, thing = ""] = scope.split(":");
  const what = THINGS[thing] ?? thing;
  if (thing === "search") return "Search for you";
  if (thing === "reports") return "File reports for you";
  return kind === "write" ? `Change ${what}` : `See ${what}`;
}

/** The scopes a member may give a personal access token, with their words. */
export const TOKEN_SCOPE_CHOICES = ["read", "write", "follow", "push", "profile"].map((scope) => ({
  scope,
  words: TOP[scope] ?? scope,
}));
