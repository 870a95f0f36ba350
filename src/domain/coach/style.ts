import { withoutLinks } from "./text.ts";
import type { Rule } from "./types.ts";

/** Below this many letters, capitals are an acronym or a word of emphasis. */
export const SHOUTING_MIN_LETTERS = 20;
const SHOUTING_SHARE = 0.7;

/** Letters of the prose, without links, mentions, hashtags and code. */
function proseLetters(text: string): string[] {
  const prose = withoutLinks(text)
    .replace(/`[^`]*`/g, " ")
    .replace(/[@#][\p{L}\p{N}_.@-]+/gu, " ");
  return [...prose].filter((ch) => /\p{L}/u.test(ch) && ch.toLowerCase() !== ch.toUpperCase());
}

export function isShouting(text: string): boolean {
  const letters = proseLetters(text);
  if (letters.length < SHOUTING_MIN_LETTERS) return false;
  const upper = letters.filter((ch) => ch === ch.toUpperCase()).length;
  return upper / letters.length >= SHOUTING_SHARE;
}

const shouting: Rule = {
  id: "shouting",
  severity: "warn",
  label: "Shouting",
  description: "Notices text written mostly in capitals.",
  canTurnOff: true,
  check(draft) {
    if (!isShouting(`${draft.title}\n${draft.body}`)) return [];
    return [
      {
        rule: "shouting",
        severity: "warn",
        reason:
          "Most of this entry is in capitals. Online that reads as shouting, and it is harder to read — screen readers may even spell words out letter by letter.",
      },
    ];
  },
};

export const styleRules: Rule[] = [shouting];
