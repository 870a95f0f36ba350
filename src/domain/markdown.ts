import { Marked, type TokenizerAndRendererExtension, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

const ALLOWED_TAGS = [
  "p",
  "br",
  "hr",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "code",
  "em",
  "strong",
  "del",
  "s",
  "sup",
  "sub",
  "ul",
  "ol",
  "li",
  "a",
  "img",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "span",
];

/**
 * The allowlist every piece of HTML we did not write passes through: rendered
 * Markdown today, remote content later.
 */
export function sanitize(dirty: string): string {
  return sanitizeHtml(dirty, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel", "class"],
      img: ["src", "alt", "title", "width", "height"],
      code: ["class"],
      span: ["class"],
      th: ["align"],
      td: ["align"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    allowedClasses: { code: [/^language-[\w-]+$/], a: ["hashtag", "mention"], span: ["hashtag"] },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: "nofollow noopener ugc" },
      }),
    },
    disallowedTagsMode: "discard",
  });
}

/** A hashtag's characters: Unicode letters and marks, digits, underscore; at most 64. */
const HASHTAG_AT_START = /^#([\p{L}\p{M}\p{N}_]{1,64})(?![\p{L}\p{M}\p{N}_])/u;
/** Where a hashtag may begin: not glued to a word, an entity (&#…) or a URL path. */
const HASHTAG_SEARCH = /(^|[^\p{L}\p{M}\p{N}_&/#])#[\p{L}\p{M}\p{N}_]/u;
const GLUED_BEFORE = /[\p{L}\p{M}\p{N}_&/#]$/u;

interface HashtagToken extends Tokens.Generic {
  type: "hashtag";
  raw: string;
  name: string;
}

/** The path of a tag page; kept here so rendered bodies and pages agree. */
export function tagPath(tag: string): string {
  return `/tags/${encodeURIComponent(tag.toLowerCase())}`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/**
 * `#LearningDesign` in running text becomes a link to its tag page. Tokenizing
 * (rather than a regex over the HTML) leaves code, URLs and link text alone.
 */
const hashtagExtension: TokenizerAndRendererExtension = {
  name: "hashtag",
  level: "inline",
  start(src) {
    const match = HASHTAG_SEARCH.exec(src);
    return match ? match.index + (match[1]?.length ?? 0) : undefined;
  },
  tokenizer(src, tokens) {
    if (this.lexer.state.inLink) return undefined;
    const match = HASHTAG_AT_START.exec(src);
    if (!match?.[1] || !/[\p{L}_]/u.test(match[1])) return undefined;
    const previous = tokens.at(-1);
    if (previous && "raw" in previous && GLUED_BEFORE.test(previous.raw)) return undefined;
    return { type: "hashtag", raw: match[0], name: match[1] } satisfies HashtagToken;
  },
  renderer(token) {
    const name = (token as HashtagToken).name;
    return `<a href="${tagPath(name)}" class="hashtag">#${escapeHtml(name)}</a>`;
  },
};

const plainMarked = new Marked({ gfm: true, breaks: true, async: false });
const entryMarked = new Marked(
  { gfm: true, breaks: true, async: false },
  { extensions: [hashtagExtension] },
);

/** `@handle` or `@handle@host` at the start of the text; the same shape addressing reads. */
const MENTION_AT_START =
  /^@([A-Za-z0-9_]{1,30})(?:@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?))?(?![A-Za-z0-9_@])/;
const MENTION_SEARCH = /(^|[^\p{L}\p{N}_@/.+-])@[A-Za-z0-9_]/u;
const MENTION_GLUED = /[\p{L}\p{N}_@/.+-]$/u;

interface MentionToken extends Tokens.Generic {
  type: "mention";
  raw: string;
  href: string;
}

/**
 * Links the mentions of known accounts (`links`: "handle@host" lower-cased,
 * host empty for members here → profile URL); other `@words` stay text.
 */
function mentionExtension(links: ReadonlyMap<string, string>): TokenizerAndRendererExtension {
  return {
    name: "mention",
    level: "inline",
    start(src) {
      const match = MENTION_SEARCH.exec(src);
      return match ? match.index + (match[1]?.length ?? 0) : undefined;
    },
    tokenizer(src, tokens) {
      if (this.lexer.state.inLink) return undefined;
      const match = MENTION_AT_START.exec(src);
      if (!match) return undefined;
      const previous = tokens.at(-1);
      if (previous && "raw" in previous && MENTION_GLUED.test(previous.raw)) return undefined;
      const href = links.get(`${match[1]?.toLowerCase()}@${match[2]?.toLowerCase() ?? ""}`);
      if (!href) return undefined;
      return { type: "mention", raw: match[0], href } satisfies MentionToken;
    },
    renderer(token) {
      const { raw, href } = token as MentionToken;
      return `<a href="${escapeHtml(href)}" class="mention">${escapeHtml(raw)}</a>`;
    },
  };
}

/**
 * Renders member-written Markdown to safe HTML. With `hashtags`, `#tags` in
 * the text link to their tag pages (entry bodies); with `mentions`, the
 * mentions of those accounts link to their profiles.
 */
export function renderMarkdown(
  markdown: string,
  options: { hashtags?: boolean; mentions?: ReadonlyMap<string, string> } = {},
): string {
  let marked = options.hashtags ? entryMarked : plainMarked;
  if (options.mentions && options.mentions.size > 0) {
    const extensions = [mentionExtension(options.mentions)];
    if (options.hashtags) extensions.push(hashtagExtension);
    marked = new Marked({ gfm: true, breaks: true, async: false }, { extensions });
  }
  return sanitize(marked.parse(markdown) as string);
}

/** The `#hashtags` written in running text (not in code or links), in order. */
export function extractHashtags(markdown: string): string[] {
  const names: string[] = [];
  const tokens = entryMarked.lexer(markdown);
  entryMarked.walkTokens(tokens, (token) => {
    if (token.type === "hashtag") names.push((token as HashtagToken).name);
  });
  return names;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Plain text of HTML we sanitized ourselves, for excerpts and descriptions.
 * The result is text: it must be escaped again wherever it is output.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|h[1-6]|li|blockquote|pre|tr)>|<br\s*\/?>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code =
          name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff
          ? String.fromCodePoint(code)
          : "";
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/** The first `max` characters of the text, cut at a word with an ellipsis. */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
