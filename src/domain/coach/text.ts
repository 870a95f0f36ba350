/** Small text helpers the coach's rules share. */

/** http(s) links in running text, without trailing punctuation. */
const URL_PATTERN = /https?:\/\/[^\s<>"'`)\]]+/giu;

export interface Found {
  text: string;
  index: number;
}

export function linksIn(text: string): Found[] {
  return [...text.matchAll(URL_PATTERN)].map((m) => {
    const trimmed = m[0].replace(/[.,;:!?]+$/u, "");
    return { text: trimmed, index: m.index };
  });
}

/** The text with links blanked out (rules about prose must not read addresses). */
export function withoutLinks(text: string): string {
  return text.replace(URL_PATTERN, (url) => " ".repeat(url.length));
}

/** "one email address" / "2 email addresses". */
export function count(n: number, one: string, many: string): string {
  return n === 1 ? `one ${one}` : `${n} ${many}`;
}

/** A found snippet quoted in a reason, shortened. */
export function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return `“${short}”`;
}

/** Distinct values, first spelling kept. */
export function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
