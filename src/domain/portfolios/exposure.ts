import type { Audience, PortfolioAudience } from "../entries/schema.ts";

/** Plain words for who sees what: the member must understand what a change does. */

const ENTRY_AUDIENCE_WORDS: Record<Audience, string> = {
  public: "public",
  unlisted: "unlisted (only people who have its link can open it)",
  followers: "for your followers only",
  private: "private (only you can see it)",
  direct: "direct (only you and the people it mentions can see it)",
};

/** Who sees a portfolio with this audience and this many working share links. */
export function whoSeesPortfolio(audience: PortfolioAudience, activeShareLinks: number): string {
  const base = {
    public: "anyone on the web (it is listed on your profile and in its feeds)",
    unlisted: "anyone who has the portfolio's address",
    followers: "your followers",
    private: "only you",
  }[audience];
  if (activeShareLinks === 0) return base;
  const links =
    activeShareLinks === 1 ? "its share link" : `one of its ${activeShareLinks} share links`;
  return audience === "private"
    ? `anyone holding ${links}`
    : `${base}, and anyone holding ${links}`;
}

/** What the member confirms when an entry is less visible than the portfolio. */
export function entryExposureMessage(
  entryAudience: Audience,
  portfolio: { audience: PortfolioAudience; activeShareLinks: number },
): string {
  return `This entry is ${ENTRY_AUDIENCE_WORDS[entryAudience]}. Shown in this portfolio, it can be seen by ${whoSeesPortfolio(portfolio.audience, portfolio.activeShareLinks)}. Its own page keeps its audience. Tick the box to confirm.`;
}

/** What the member confirms when a change makes the portfolio reach further. */
export function portfolioExposureMessage(exposed: number, who: string): string {
  const entries = exposed === 1 ? "1 entry in it is" : `${exposed} entries in it are`;
  return `${entries} less visible on their own. After this change they can be seen by ${who} through this portfolio. Tick the box to confirm.`;
}
