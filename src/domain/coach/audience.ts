import { withoutLinks } from "./text.ts";
import type { Draft, Finding, Reach, Rule } from "./types.ts";

/** `@alice` or `@alice@example.org`, not the middle of an email address. */
const MENTION = /(?<![\p{L}\p{N}_.@-])@[\p{L}\p{N}_]+(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?/gu;

export function mentionsIn(text: string): string[] {
  return [...new Set([...withoutLinks(text).matchAll(MENTION)].map((m) => m[0]))];
}

const privateMentions: Rule = {
  id: "private-mentions",
  severity: "warn",
  label: "Mentions in a private entry",
  description: "Notices @mentions in an entry only you can see.",
  canTurnOff: true,
  check(draft) {
    if (draft.audience !== "private") return [];
    const mentioned = mentionsIn(draft.body);
    if (mentioned.length === 0) return [];
    return [
      {
        rule: "private-mentions",
        severity: "warn",
        reason: `This entry is private, so ${mentioned.join(", ")} will not see it or be told about it. Choose another audience if you want them to.`,
      },
    ];
  },
};

/** Explicit words for documents that are usually private (only these: warn, don't guess). */
const DOCUMENT_WORDS =
  /\b(passports?|id cards?|identity cards?|identity documents?|driver'?s licen[cs]es?|driving licen[cs]es?|contracts?|payslips?|pay slips?|pay stubs?|bank statements?|tax returns?|medical records?|prescriptions?|boarding pass(?:es)?|birth certificates?|social security cards?|residence permits?|visas?)\b/iu;

const documentPhoto: Rule = {
  id: "document-photo",
  severity: "warn",
  label: "Photos of private documents",
  description:
    "Notices a photo in a public entry whose description names a private document (passport, ID card, contract, payslip, bank statement…).",
  canTurnOff: true,
  check(draft) {
    if (draft.audience !== "public") return [];
    const photos = draft.media.filter((m) => m.kind === "image");
    if (photos.length === 0) return [];
    const text = [draft.title, draft.body, ...photos.map((p) => p.alt)].join("\n");
    const word = DOCUMENT_WORDS.exec(text)?.[0];
    if (!word) return [];
    return [
      {
        rule: "document-photo",
        severity: "warn",
        reason: `This public entry has a photo and mentions “${word}”. Photos of documents often show names, numbers and signatures: check that nothing private is readable, or choose a smaller audience.`,
      },
    ];
  },
};

function followersPhrase(reach: Reach): string {
  if (reach.followers === 0) return "your followers (none yet)";
  const people = `your ${reach.followers} ${reach.followers === 1 ? "follower" : "followers"}`;
  if (reach.remoteFollowers === 0) return people;
  return `${people} (${reach.remoteFollowers} of them on ${reach.servers} other ${reach.servers === 1 ? "server" : "servers"})`;
}

/** Who will see the entry and where, in words. */
export function audienceSentence(draft: Draft, reach: Reach): string {
  const followers = followersPhrase(reach);
  switch (draft.audience) {
    case "public":
      return `Who will see this: ${followers}, and anyone on the web — it is on your profile and tag pages, in search engines and in RSS readers.`;
    case "unlisted":
      return "Who will see this: anyone with the link. It is left out of your profile's list, tag pages, feeds and search.";
    case "followers":
      return `Who will see this: only ${followers}, when signed in.`;
    case "private":
      return "Who will see this: only you.";
    case "direct":
      return "Who will see this: only you and the people you mention.";
  }
}

/**
 * Copies on other servers can't be recalled: sent to remote followers, or
 * fetched by any server when the entry is public or unlisted.
 */
function recallSentence(draft: Draft, reach: Reach): string {
  if (draft.audience === "private") return "";
  if (reach.remoteFollowers > 0) {
    return " Copies sent to other servers cannot be fully recalled if you delete it later.";
  }
  if (draft.audience === "followers") return "";
  return " Other fediverse servers can fetch it too, and copies they keep cannot be fully recalled if you delete it later.";
}

const audiencePreview: Rule = {
  id: "audience-preview",
  severity: "info",
  label: "Audience preview",
  description: "Says who will see the entry and where. Always shown.",
  canTurnOff: false,
  check(draft, reach): Finding[] {
    return [
      {
        rule: "audience-preview",
        severity: "info",
        reason: audienceSentence(draft, reach) + recallSentence(draft, reach),
      },
    ];
  },
};

/** Who each audience reaches, narrowest first (as in src/domain/authorization.ts). */
const REACH = { private: 0, direct: 1, followers: 2, unlisted: 3, public: 4 } as const;

const replyAudience: Rule = {
  id: "reply-audience",
  severity: "confirm",
  label: "Replies that reach further than the post",
  description:
    "Stops before a reply shows a followers-only, direct or private conversation to more people than the post it answers.",
  canTurnOff: true,
  check(draft) {
    const parent = draft.replyTo?.audience;
    if (!parent || REACH[draft.audience] <= REACH[parent]) return [];
    const narrow = {
      private: "private",
      direct: "a direct message",
      followers: "for followers only",
      unlisted: "unlisted",
      public: "public",
    }[parent];
    return [
      {
        rule: "reply-audience",
        severity: "confirm",
        reason: `The post you are answering is ${narrow}, but your reply is ${draft.audience}: it would show that conversation to people its author did not choose. Consider the same audience as the post.`,
      },
    ];
  },
};

export const audienceRules: Rule[] = [
  audiencePreview,
  privateMentions,
  replyAudience,
  documentPhoto,
];
