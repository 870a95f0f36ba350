/** Who is looking: null actor for an anonymous visitor. */
export interface Viewer {
  readonly actorId: string | null;
  /** The portfolio a valid share link opened for this request (see authorization.ts). */
  readonly sharedPortfolioId?: string | null;
}

export const ANONYMOUS: Viewer = Object.freeze({ actorId: null });

/** A signed-in member, as the edges know them. */
export interface CurrentUser extends Viewer {
  readonly actorId: string;
  readonly userId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly role: "admin" | "member";
}
