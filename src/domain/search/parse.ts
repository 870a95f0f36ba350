import { isValidTag, tagKey } from "../tags.ts";
import { formatTerm } from "./format.ts";
import { parsePeriod } from "./period.ts";
import {
  type Clause,
  DATE_OPERATORS,
  HAS_VALUES,
  IS_VALUES,
  MAX_PHRASE_CHARS,
  MAX_QUERY_CHARS,
  MAX_TERMS,
  MAX_WORD_CHARS,
  OPERATORS,
  SEARCH_KINDS,
  SEARCH_PROMPTS,
  type SearchQuery,
  type Term,
} from "./query.ts";

/**
 * The query-language parser. It never throws: whatever it cannot read as an
 * operator it reads as words, and whatever it drops or cuts it says in
 * `notes`. It is total and deterministic, so `parseQuery(formatQuery(q))`
 * gives back `q` (see test/search-property.test.ts).
 */

interface Token {
  text: string;
  negated: boolean;
  quoted: boolean;
}

const SPACE = /\s/u;
const CONTROL = /\p{Cc}/gu;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const HANDLE = /^[a-z0-9_]{1,30}$/i;
const HOST =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/i;
const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,3}$/i;
const OPERATOR = /^([a-z]+):(.*)$/is;

/** Any input as clean text: well-formed, NFC, no control characters, bounded. */
function normalise(input: unknown, notes: string[]): string {
  const text = (typeof input === "string" ? input.slice(0, MAX_QUERY_CHARS * 4) : "")
    .toWellFormed()
    .normalize("NFC")
    .replace(CONTROL, " ");
  if (text.length <= MAX_QUERY_CHARS) return text;
  notes.push(`Only the first ${MAX_QUERY_CHARS.toLocaleString("en")} characters were used.`);
  return text.slice(0, MAX_QUERY_CHARS).toWellFormed();
}

/** Splits on spaces; `"…"` is one token (to the end when unclosed); a leading `-` excludes. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (SPACE.test(text[i] ?? "")) {
      i++;
      continue;
    }
    let negated = false;
    if (text[i] === "-" && i + 1 < text.length && !SPACE.test(text[i + 1] ?? "")) {
      negated = true;
      i++;
    }
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close;
      tokens.push({ text: text.slice(i + 1, end), negated, quoted: true });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && !SPACE.test(text[end] ?? "")) end++;
    tokens.push({ text: text.slice(i, end), negated, quoted: false });
    i = end;
  }
  return tokens;
}

/** The first `max` code points (never half a surrogate pair). */
function cut(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join("");
}

const oneOf = <T extends string>(values: readonly T[], value: string): T | undefined =>
  values.find((v) => v === value);

/** A tag's lookup form, stable when normalised again. */
function stableTagKey(name: string): string {
  let key = tagKey(name);
  for (let i = 0; i < 3 && tagKey(key) !== key; i++) key = tagKey(key);
  return key;
}

/** `name:value` as an operator clause, or null (then it is a word). */
function operatorClause(name: string, value: string, notes: string[]): Clause | null {
  const lower = value.toLowerCase();
  const refuse = (expected: string) => {
    notes.push(
      `“${name}:${cut(value, 40)}” is not a ${name}: operator (${expected}); searched as words.`,
    );
    return null;
  };
  switch (name) {
    case "from": {
      const [handle = "", host, ...rest] = value.replace(/^@/, "").split("@");
      if (!HANDLE.test(handle) || rest.length > 0 || (host !== undefined && !HOST.test(host))) {
        return refuse("from:@handle or from:@user@host");
      }
      return { type: "from", handle: handle.toLowerCase(), host: host ? host.toLowerCase() : null };
    }
    case "kind": {
      const kind = oneOf(SEARCH_KINDS, lower);
      return kind ? { type: "kind", value: kind } : refuse(SEARCH_KINDS.join(", "));
    }
    case "prompt": {
      const prompt = oneOf(SEARCH_PROMPTS, lower);
      return prompt ? { type: "prompt", value: prompt } : refuse(SEARCH_PROMPTS.join(", "));
    }
    case "has": {
      const has = oneOf(HAS_VALUES, lower);
      return has ? { type: "has", value: has } : refuse(HAS_VALUES.join(", "));
    }
    case "is": {
      const is = oneOf(IS_VALUES, lower);
      return is ? { type: "is", value: is } : refuse(IS_VALUES.join(", "));
    }
    case "in":
      return SLUG.test(value) ? { type: "in", slug: lower } : refuse("a portfolio's short name");
    case "lang":
      return LANGUAGE.test(value) && value.length <= 35
        ? { type: "lang", language: lower }
        : refuse("a language code like en or pt-br");
    default: {
      const operator = oneOf(DATE_OPERATORS, name);
      if (!operator) return null;
      const period = parsePeriod(value);
      return period ? { type: operator, period } : refuse("a date: 2026, 2026-03 or 2026-03-01");
    }
  }
}

/** One token as a term, or null when it holds nothing searchable. */
function termOf(token: Token, notes: string[]): Term | null {
  const { negated } = token;
  if (token.quoted) {
    // Trimmed after the cut, which may end on a space: the phrase reads the same once
    // formatted or carried by the builder's field.
    const text = cut(token.text.split(/\s+/u).filter(Boolean).join(" "), MAX_PHRASE_CHARS).trim();
    if (!HAS_LETTER_OR_DIGIT.test(text)) return null;
    return { type: "phrase", text, negated };
  }
  // Quotes inside a word and extra leading dashes carry no meaning.
  const text = token.text.replaceAll('"', "").replace(/^-+/, "");
  if (text.startsWith("#")) {
    const key = stableTagKey(text.slice(1));
    if (isValidTag(key)) return { type: "tag", tag: key, negated };
  }
  const operator = OPERATOR.exec(text);
  const name = operator?.[1]?.toLowerCase() ?? "";
  if (operator && oneOf(OPERATORS, name) && operator[2]) {
    const clause = operatorClause(name, operator[2], notes);
    if (clause) return { ...clause, negated };
  }
  const word = cut(text, MAX_WORD_CHARS);
  if (!HAS_LETTER_OR_DIGIT.test(word)) {
    if (word) notes.push(`“${cut(word, 40)}” has no letters or digits; ignored.`);
    return null;
  }
  // A bare OR here could only come from stripped quotes: it would read as the operator.
  if (word === "OR" && !negated) return null;
  return { type: "word", text: word, negated };
}

/**
 * Reads a query string. Words and operators are ANDed; `OR` joins the terms on
 * either side into alternatives (`design OR research #ux`: (design or
 * research) and #ux). Terms are kept while the canonical query stays within
 * MAX_QUERY_CHARS and MAX_TERMS, so formatting and parsing again keeps them all.
 */
export function parseQuery(input: unknown): SearchQuery {
  const notes: string[] = [];
  const groups: Term[][] = [];
  let joinNext = false;
  let count = 0;
  let length = 0;
  let dropped = false;
  for (const token of tokenize(normalise(input, notes))) {
    if (!token.quoted && !token.negated && token.text === "OR") {
      joinNext = groups.length > 0;
      continue;
    }
    const term = termOf(token, notes);
    const last = joinNext ? groups.at(-1) : undefined;
    joinNext = false;
    if (!term) continue;
    const added = formatTerm(term).length + (groups.length === 0 ? 0 : last ? 4 : 1);
    if (count >= MAX_TERMS || length + added > MAX_QUERY_CHARS) {
      dropped = true;
      continue;
    }
    count++;
    length += added;
    if (last) last.push(term);
    else groups.push([term]);
  }
  if (dropped) notes.push(`Only the first ${count} terms were used.`);
  return { groups, notes: [...new Set(notes)] };
}
