import type { ProfileLink } from "../../db/schema/accounts.ts";

export const MAX_LINKS = 6;
const MAX_LABEL = 60;
const MAX_URL = 500;

/** Only web addresses: `javascript:`, `data:` and friends never reach a profile. */
function webUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * Checks the profile's link rows. Blank rows are dropped; problems are keyed
 * "links.<row>" (the row as submitted) so a form can show them in place.
 */
export function parseLinks(rows: readonly Partial<ProfileLink>[]): {
  links: ProfileLink[];
  errors: Record<string, string>;
} {
  const links: ProfileLink[] = [];
  const errors: Record<string, string> = {};
  rows.forEach((row, index) => {
    const label = (row.label ?? "").trim();
    const raw = (row.url ?? "").trim();
    if (!label && !raw) return;
    const key = `links.${index}`;
    const url = webUrl(raw);
    if (!raw) errors[key] = "Add the link's address";
    else if (raw.length > MAX_URL) errors[key] = `Use an address of at most ${MAX_URL} characters`;
    else if (!url) errors[key] = "Use a web address starting with https:// or http://";
    else if (label.length > MAX_LABEL)
      errors[key] = `Use a label of at most ${MAX_LABEL} characters`;
    else links.push({ label: label || url.hostname, url: url.href });
  });
  if (links.length > MAX_LINKS) errors.links = `Add at most ${MAX_LINKS} links`;
  return { links, errors };
}
