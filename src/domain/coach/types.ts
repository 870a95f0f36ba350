/** The literacy coach's vocabulary: what a rule reads, and what it reports. */

export type Severity = "info" | "warn" | "confirm";
export type DraftAudience = "public" | "unlisted" | "followers" | "private" | "direct";

/** One attached file as the composer shows it (the alt text and transcript as typed). */
export interface DraftMedia {
  id: string;
  kind: "image" | "audio" | "video";
  alt: string;
  transcript: string;
}

/** The entry being written: the composer's fields the rules read. */
export interface Draft {
  kind: string;
  title: string;
  body: string;
  linkUrl: string;
  /** The tag field as typed ("design, #UX"). */
  tags: string;
  audience: DraftAudience;
  /** BCP 47 code or "" (phone numbers are read in its region). */
  language: string;
  media: DraftMedia[];
  /** The post this draft replies to, when the member may see it. */
  replyTo?: { audience: DraftAudience } | null;
}

/** Facts about the author's reach, from the database. */
export interface Reach {
  followers: number;
  /** Followers on other servers, and how many servers they are on. */
  remoteFollowers: number;
  servers: number;
}

/** The fields a one-click fix changes, with their new values. */
export type FixFields = Partial<Pick<Draft, "body" | "tags" | "linkUrl">>;

export interface Fix {
  /** The button's text ("Use #LearningDesign"). */
  label: string;
  fields: FixFields;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Plain language: what was found and why it matters. */
  reason: string;
  fix?: Fix;
}

export const RULE_IDS = [
  "audience-preview",
  "media-description",
  "personal-email",
  "personal-phone",
  "personal-address",
  "personal-id-number",
  "tracking-links",
  "hashtag-case",
  "too-many-hashtags",
  "no-tags",
  "shouting",
  "bare-link",
  "private-mentions",
  "reply-audience",
  "document-photo",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface Rule {
  id: RuleId;
  severity: Severity;
  /** Short name for the settings page. */
  label: string;
  /** What it checks, for the settings page. */
  description: string;
  /** false: always runs (the audience preview). */
  canTurnOff: boolean;
  check(draft: Draft, reach: Reach): Finding[];
}
