import type { Audience, EntryKind, EntryPrompt, EntryView } from "../../domain/entries/index.ts";

/** Words the pages use for entry fields, in one place. */

export interface PromptText {
  /** The option in the composer ("Learning"). */
  label: string;
  /** The composer's placeholder ("What are you learning?"). */
  question: string;
  /** The question a member asks themself, on the home page. */
  reflection: string;
}

export const PROMPTS: Readonly<Record<EntryPrompt, PromptText>> = {
  "working-on": {
    label: "Working on",
    question: "What are you working on?",
    reflection: "What am I working on?",
  },
  learning: {
    label: "Learning",
    question: "What are you learning?",
    reflection: "What am I learning?",
  },
  connected: {
    label: "Connected with",
    question: "Who did you connect with?",
    reflection: "Who did I connect with?",
  },
  inspired: {
    label: "Inspired by",
    question: "What inspired you?",
    reflection: "What inspired me?",
  },
  "helped-by": {
    label: "Helped by",
    question: "Who helped you, and how?",
    reflection: "How have these connections helped me?",
  },
  reflection: {
    label: "Reflection",
    question: "What are you reflecting on?",
    reflection: "What am I reflecting on?",
  },
};

/** The Body placeholder when no prompt is chosen. */
export const DEFAULT_QUESTION = "What would you like to share? Markdown works.";

export const KIND_LABELS: Readonly<Record<EntryKind, string>> = {
  note: "Note",
  article: "Article",
  link: "Link",
  photo: "Photo",
  audio: "Audio",
  video: "Video",
};

/** Options of the composer's Audience select. */
export const AUDIENCE_OPTIONS: Readonly<Record<Audience, string>> = {
  public: "Public",
  unlisted: "Unlisted",
  followers: "Followers",
  private: "Private — only me",
  direct: "Direct — only the people I mention",
};

/** The audience badge the author sees on their entries. */
export const AUDIENCE_BADGES: Readonly<Record<Audience, string>> = {
  public: "Public",
  unlisted: "Unlisted",
  followers: "Followers only",
  private: "Private",
  direct: "Direct",
};

export const STATUS_LABELS = {
  draft: "Draft",
  scheduled: "Scheduled",
  processing: "Processing media",
  published: "Published",
} as const;

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

export function formatDate(at: Date): string {
  return dateFormat.format(at);
}

export function formatDateTime(at: Date): string {
  return dateTimeFormat.format(at);
}

/**
 * A name for an entry where one is needed (page title, feed item): its title,
 * else the start of its text. Behind a content warning, never the text.
 */
export function entryName(entry: EntryView, max = 70): string {
  if (entry.title) return entry.title;
  const byline = `${KIND_LABELS[entry.kind]} by ${entry.author.displayName}`;
  if (entry.contentWarning || !entry.excerpt) return byline;
  return entry.excerpt.length <= max
    ? entry.excerpt
    : `${entry.excerpt.slice(0, max - 1).trimEnd()}…`;
}
