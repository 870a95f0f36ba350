import { z } from "zod";
import { MAX_BODY_CHARS } from "../entries/schema.ts";
import { DomainError, invalid } from "../errors.ts";

/** Mastodon's limits as this server keeps them (the instance endpoint reports these). */
export const API_MAX_MEDIA = 4;
export const API_MAX_CHARS = MAX_BODY_CHARS;
export const API_MAX_SPOILER_CHARS = 200;

/** Mastodon's visibility names → our entry audiences. */
export const AUDIENCE_FOR = {
  public: "public",
  unlisted: "unlisted",
  private: "followers",
  direct: "direct",
} as const;

const flag = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", "on", ""])])
  .transform((value) => value === true || value === "true" || value === "1" || value === "on");

const idList = z
  .union([z.string(), z.array(z.string().max(100))])
  .transform((value) => (Array.isArray(value) ? value : value === "" ? [] : [value]))
  .pipe(
    z.array(z.string()).max(API_MAX_MEDIA, `Attach at most ${API_MAX_MEDIA} files to a status`),
  );

/** A status as clients send it (POST /api/v1/statuses, PUT /api/v1/statuses/:id). */
export const statusParamsSchema = z.object({
  status: z
    .string()
    .max(
      API_MAX_CHARS,
      `Text is too long (at most ${API_MAX_CHARS.toLocaleString("en")} characters)`,
    )
    .default(""),
  media_ids: idList.default([]),
  visibility: z
    .enum(["public", "unlisted", "private", "direct"], {
      error: "Visibility must be one of public, unlisted, private or direct",
    })
    .optional(),
  spoiler_text: z
    .string()
    .max(API_MAX_SPOILER_CHARS, `Content warning is too long (at most ${API_MAX_SPOILER_CHARS})`)
    .default(""),
  sensitive: flag.default(false),
  in_reply_to_id: z.string().max(100).nullish(),
  language: z.string().max(35).nullish(),
  scheduled_at: z.string().max(100).nullish(),
  /** Per-file description and focus, as PUT sends them with media_ids. */
  media_attributes: z
    .array(
      z.object({
        id: z.string().max(100),
        description: z.string().max(1500).optional(),
        focus: z.string().max(40).optional(),
      }),
    )
    .max(API_MAX_MEDIA)
    .optional(),
});

export type StatusParams = z.output<typeof statusParamsSchema>;

/** Field problems as Mastodon words them: "Validation failed: …". */
export function validationFailed(fields: Record<string, string>): DomainError {
  const parts = Object.entries(fields).map(([name, message]) =>
    name === "form" ? message : `${name}: ${message}`,
  );
  return invalid(`Validation failed: ${parts.join("; ") || "the request is not valid"}`, fields);
}

/** Parses with a schema; problems become one 422 naming each field. */
export function parseApiInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    fields[key] ??= issue.message;
  }
  throw validationFailed(fields);
}

/** A DomainError with field problems, reworded for API clients (others pass through). */
export function forClients(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.code !== "invalid") return error;
  if (Object.keys(error.fields).length === 0 || error.message.startsWith("Validation failed")) {
    return error;
  }
  return validationFailed({ ...error.fields });
}

/** Mastodon's focus "x,y" (each -1..1) → numbers; null when absent; 422 when malformed. */
export function parseFocus(value: string | undefined | null): { x: number; y: number } | null {
  if (value === undefined || value === null || value === "") return null;
  const parts = value.split(",").map((part) => Number(part.trim()));
  const [x, y] = parts;
  if (
    parts.length !== 2 ||
    x === undefined ||
    y === undefined ||
    !Number.isFinite(x) ||
    !Number.isFinite(y) ||
    Math.abs(x) > 1 ||
    Math.abs(y) > 1
  ) {
    throw validationFailed({ focus: "Focus must be two numbers from -1 to 1, like 0.5,-0.25" });
  }
  return { x, y };
}
