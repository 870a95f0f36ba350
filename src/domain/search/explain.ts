import { periodInWords } from "./period.ts";
import type { SearchKind, SearchPrompt, SearchQuery, Term, TermGroup } from "./query.ts";
import { appliesToRemotePosts } from "./remote-conditions.ts";

/**
 * The active query in words ("Photo entries by @alice tagged #prototype after
 * 1 March 2026"), so people see what each operator did. Never throws.
 */

/** Each kind's name ("Photo entries"; also the builder's choices). */
export const KIND_NAMES: Readonly<Record<SearchKind, string>> = {
  photo: "Photo",
  audio: "Audio",
  video: "Video",
  article: "Article",
  note: "Note",
  link: "Link",
};

const KIND_NOUNS: Record<SearchKind, string> = {
  photo: "photos",
  audio: "audio entries",
  video: "videos",
  article: "articles",
  note: "notes",
  link: "links",
};

const PROMPT_WORDS: Record<SearchPrompt, string> = {
  "working-on": "about what they are working on",
  learning: "about what they are learning",
  connected: "about who they connected with",
  inspired: "about what inspired them",
  "helped-by": "about who helped them",
  reflection: "reflecting on their work",
};

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

function languageName(code: string): string {
  try {
    const name = languageNames.of(code);
    return name && name.toLowerCase() !== code ? name : `“${code}”`;
  } catch {
    return `“${code}”`;
  }
}

const quoted = (text: string) => `“${text}”`;

/** A term as a phrase that follows "Entries …". */
function fragment(term: Term): string {
  const not = term.negated ? "not " : "";
  switch (term.type) {
    case "word":
      return `${not}containing ${quoted(term.text)}`;
    case "phrase":
      return `${not}containing the exact phrase ${quoted(term.text)}`;
    case "tag":
      return `${not}tagged #${term.tag}`;
    case "from":
      return `${not}by @${term.handle}${term.host ? `@${term.host}` : ""}`;
    case "kind":
      return `that are ${not}${KIND_NOUNS[term.value]}`;
    case "prompt":
      return `${not}${PROMPT_WORDS[term.value]}`;
    case "has":
      if (term.value === "media") return term.negated ? "without media" : "with media";
      if (term.value === "question") return `that are ${not}questions`;
      return `${term.negated ? "without" : "with"} a ${term.value}`;
    case "is":
      return `that are ${not}unanswered questions`;
    case "in":
      return `${not}in the portfolio ${quoted(term.slug)}`;
    case "lang":
      return `${not}written in ${languageName(term.language)}`;
    case "before":
    case "after":
      return `${not}${term.type} ${periodInWords(term.period)}`;
    case "during":
      return `${not}${term.period.unit === "day" ? "on" : "during"} ${periodInWords(term.period)}`;
  }
}

/** Alternatives: "containing “a” or “b”" when alike, else "either … or …". */
function groupInWords(group: TermGroup): string {
  if (group.length === 1 && group[0]) return fragment(group[0]);
  const alike = (type: Term["type"]) => group.every((t) => t.type === type && !t.negated);
  if (alike("word"))
    return `containing ${group.map((t) => quoted((t as { text: string }).text)).join(" or ")}`;
  if (alike("tag"))
    return `tagged ${group.map((t) => `#${(t as { tag: string }).tag}`).join(" or ")}`;
  return `either ${group.map(fragment).join(" or ")}`;
}

/** "Photo or video entries" when a group only asks for kinds, else null. */
function subjectOf(group: TermGroup): string | null {
  const kinds = group.flatMap((t) => (t.type === "kind" && !t.negated ? [t.value] : []));
  if (kinds.length === 0 || kinds.length !== group.length) return null;
  const [first, ...rest] = kinds.map((kind, i) =>
    i === 0 ? KIND_NAMES[kind] : KIND_NAMES[kind].toLowerCase(),
  );
  return `${[first, ...rest].join(" or ")} entries`;
}

/** Joins runs of single positive words (or tags) with "and": "containing “a” and “b”". */
function mergeRuns(groups: readonly TermGroup[]): string[] {
  const parts: string[] = [];
  let run: { type: "word" | "tag"; items: string[] } | null = null;
  const flush = () => {
    if (!run) return;
    parts.push(`${run.type === "word" ? "containing" : "tagged"} ${run.items.join(" and ")}`);
    run = null;
  };
  for (const group of groups) {
    const only = group.length === 1 ? group[0] : undefined;
    const single = only && !only.negated && (only.type === "word" || only.type === "tag");
    if (!single || !only) {
      flush();
      parts.push(groupInWords(group));
      continue;
    }
    const item = only.type === "word" ? quoted(only.text) : `#${(only as { tag: string }).tag}`;
    if (run && run.type !== only.type) flush();
    run ??= { type: only.type as "word" | "tag", items: [] };
    run.items.push(item);
  }
  flush();
  return parts;
}

/** The query in one sentence. */
export function explainQuery(query: Pick<SearchQuery, "groups">): string {
  const subjectIndex = query.groups.findIndex((group) => subjectOf(group) !== null);
  const subjectGroup = query.groups[subjectIndex];
  const subject = subjectGroup ? subjectOf(subjectGroup) : null;
  const rest = query.groups.filter((_, i) => i !== subjectIndex);
  const parts = mergeRuns(rest);
  if (!subject && parts.length === 0) return "All entries you can see.";
  return `${[subject ?? "Entries", ...parts].join(" ")}.`;
}

/** What the query asks for that cannot match anything yet, in words. */
export function queryCaveats(query: Pick<SearchQuery, "groups">): string[] {
  const terms = query.groups.flat();
  const caveats: string[] = [];
  if (terms.some((t) => t.type === "from" && t.host !== null)) {
    caveats.push(
      "Posts by accounts on other servers (from:@user@host) are searched as this server received them: those sent to people here, not their whole history.",
    );
    if (!appliesToRemotePosts(query)) {
      caveats.push(
        "kind:, prompt:, in:, has:question and is:unanswered are about entries written here, so posts from other servers never match them.",
      );
    }
  }
  return caveats;
}
