/**
 * OAuth scopes as Mastodon defines them: top-level `read`, `write`, `follow`,
 * `push`, `profile`, and granular ones like `read:statuses` or `write:media`.
 * A top-level scope grants every granular scope under it; `follow` is the old
 * name for reading and changing relationships.
 */
export const TOP_SCOPES = ["read", "write", "follow", "push", "profile"] as const;

const GRANULAR = {
  read: [
    "accounts",
    "blocks",
    "bookmarks",
    "favourites",
    "filters",
    "follows",
    "lists",
    "mutes",
    "notifications",
    "search",
    "statuses",
  ],
  write: [
    "accounts",
    "blocks",
    "bookmarks",
    "conversations",
    "favourites",
    "filters",
    "follows",
    "lists",
    "media",
    "mutes",
    "notifications",
    "reports",
    "statuses",
  ],
} as const;

/** Every scope name a client may ask for. */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  ...TOP_SCOPES,
  ...GRANULAR.read.map((s) => `read:${s}`),
  ...GRANULAR.write.map((s) => `write:${s}`),
]);

const FOLLOW_GRANTS = new Set([
  "read:blocks",
  "write:blocks",
  "read:follows",
  "write:follows",
  "read:mutes",
  "write:mutes",
]);

/** Splits a space- or plus-separated scope string ("read write:media"). */
export function parseScopes(value: string | null | undefined): string[] {
  return [...new Set((value ?? "").split(/[\s+]+/).filter(Boolean))];
}

/** The scopes in `requested` that this server does not know (to refuse them clearly). */
export function unknownScopes(requested: readonly string[]): string[] {
  return requested.filter((scope) => !KNOWN_SCOPES.has(scope));
}

/**
 * Whether a token holding `granted` may use an endpoint needing `needed`
 * (e.g. "read:statuses"; "profile" for verify_credentials also accepts read:accounts).
 */
export function scopeAllows(granted: readonly string[], needed: string): boolean {
  if (granted.includes(needed)) return true;
  const [top] = needed.split(":");
  if (top && top !== needed && granted.includes(top)) return true;
  if (granted.includes("follow") && FOLLOW_GRANTS.has(needed)) return true;
  return false;
}

/** Whether every scope in `requested` is covered by `allowed` (an app's registered scopes). */
export function scopesWithin(requested: readonly string[], allowed: readonly string[]): boolean {
  return requested.every((scope) => scopeAllows(allowed, scope));
}
