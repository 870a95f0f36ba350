import { z } from "zod";

/**
 * The streams a client may subscribe to (Mastodon's names), and the messages
 * that subscribe and unsubscribe on a multiplexed connection:
 * `{"type":"subscribe","stream":"hashtag","tag":"rust"}`.
 */
export const STREAM_NAMES = [
  "user",
  "user:notification",
  "public",
  "public:local",
  "public:remote",
  "hashtag",
  "hashtag:local",
] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/** One subscription: a stream, and for hashtag streams the tag (lower case, and as the client wrote it). */
export interface Subscription {
  stream: StreamName;
  tag: string | null;
  spelling: string | null;
}

/** What events name as their stream: `["user"]`, `["hashtag", "Rust"]` (the client's spelling). */
export function streamLabel(subscription: Subscription): string[] {
  return subscription.spelling === null
    ? [subscription.stream]
    : [subscription.stream, subscription.spelling];
}

export function subscriptionKey(subscription: Subscription): string {
  return subscription.tag === null
    ? subscription.stream
    : `${subscription.stream} ${subscription.tag}`;
}

export const needsUser = (stream: StreamName): boolean => stream.startsWith("user");
export const isHashtag = (stream: StreamName): boolean => stream.startsWith("hashtag");

const tagSchema = z.string().trim().min(1).max(101);

const subscriptionSchema = z.object({
  stream: z.enum(STREAM_NAMES, { message: "Unknown stream type" }),
  tag: tagSchema.optional(),
});

const messageSchema = subscriptionSchema.extend({ type: z.enum(["subscribe", "unsubscribe"]) });

export type ParsedSubscription = { ok: true; value: Subscription } | { ok: false; error: string };

function toSubscription(data: z.infer<typeof subscriptionSchema>): ParsedSubscription {
  if (isHashtag(data.stream)) {
    const spelling = data.tag?.replace(/^#/, "") ?? "";
    if (spelling === "") return { ok: false, error: "A hashtag stream needs a tag" };
    return { ok: true, value: { stream: data.stream, tag: spelling.toLowerCase(), spelling } };
  }
  return { ok: true, value: { stream: data.stream, tag: null, spelling: null } };
}

/** A subscription from a query string (`?stream=hashtag&tag=rust`), as megalodon connects. */
export function subscriptionFromQuery(params: URLSearchParams): ParsedSubscription | null {
  const stream = params.get("stream");
  if (stream === null || stream === "") return null;
  const parsed = subscriptionSchema.safeParse({ stream, tag: params.get("tag") ?? undefined });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Bad stream" };
  return toSubscription(parsed.data);
}

/** A client's message (masto subscribes this way); anything else is an error to answer. */
export function parseClientMessage(
  text: string,
): { type: "subscribe" | "unsubscribe"; subscription: ParsedSubscription } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: "The message is not valid JSON" };
  }
  const parsed = messageSchema.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Bad message" };
  return { type: parsed.data.type, subscription: toSubscription(parsed.data) };
}
