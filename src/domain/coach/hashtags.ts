import { extractHashtags } from "../markdown.ts";
import { splitTagField } from "../tags.ts";
import { distinct } from "./text.ts";
import type { Draft, Rule } from "./types.ts";
import { splitWords } from "./words.ts";

/** Five is plenty: more reads as noise, and screen readers read every one. */
export const MAX_HASHTAGS = 5;

/** Hashtags in the body and the tag field, without `#`, as spelled. */
function allTags(draft: Draft): string[] {
  return [...extractHashtags(draft.body), ...splitTagField(draft.tags)];
}

/** "learningdesign" → "LearningDesign" when it splits into known words. */
export function camelCaseTag(tag: string): string | null {
  if (tag !== tag.toLowerCase() || !/^\p{Ll}+$/u.test(tag)) return null;
  const words = splitWords(tag);
  return words ? words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("") : null;
}

function replaceTag(text: string, from: string, to: string, hash: boolean): string {
  const pattern = new RegExp(
    `(^|[^\\p{L}\\p{N}_])(${hash ? "#" : "#?"})${from}(?![\\p{L}\\p{N}_])`,
    "gu",
  );
  return text.replace(pattern, (_, before: string, mark: string) => `${before}${mark}${to}`);
}

const hashtagCase: Rule = {
  id: "hashtag-case",
  severity: "info",
  label: "Hashtags screen readers can't split",
  description: "Suggests capitals in run-together hashtags (#learningdesign → #LearningDesign).",
  canTurnOff: true,
  check(draft) {
    return distinct(allTags(draft)).flatMap((tag) => {
      const better = camelCaseTag(tag);
      if (!better) return [];
      return [
        {
          rule: "hashtag-case" as const,
          severity: "info" as const,
          reason: `Screen readers read #${tag} as one long word. Capitalising each word (#${better}) lets them read it out, and it is easier for everyone to read. It stays the same tag.`,
          fix: {
            label: `Use #${better}`,
            fields: {
              body: replaceTag(draft.body, tag, better, true),
              tags: replaceTag(draft.tags, tag, better, false),
            },
          },
        },
      ];
    });
  },
};

const tooManyHashtags: Rule = {
  id: "too-many-hashtags",
  severity: "info",
  label: "Many hashtags",
  description: `Notices more than ${MAX_HASHTAGS} hashtags.`,
  canTurnOff: true,
  check(draft) {
    const n = new Set(allTags(draft).map((t) => t.toLowerCase())).size;
    if (n <= MAX_HASHTAGS) return [];
    return [
      {
        rule: "too-many-hashtags",
        severity: "info",
        reason: `This entry has ${n} tags. More than ${MAX_HASHTAGS} reads as noise, and screen readers read every one aloud: keep the few that say what it is about.`,
      },
    ];
  },
};

const noTags: Rule = {
  id: "no-tags",
  severity: "info",
  label: "No tags",
  description: "Notices a public entry without any tag.",
  canTurnOff: true,
  check(draft) {
    if (draft.audience !== "public" || allTags(draft).length > 0) return [];
    return [
      {
        rule: "no-tags",
        severity: "info",
        reason:
          "This public entry has no tags. A tag or two (in the Tags field or as #hashtags) lets people who follow a topic find it, and groups it on your tag pages.",
      },
    ];
  },
};

export const hashtagRules: Rule[] = [hashtagCase, tooManyHashtags, noTags];
