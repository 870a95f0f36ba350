import type { Context } from "hono";
import { z } from "zod";
import type { CredentialsInput } from "../domain/api/credentials.ts";
import type { ApiEnv } from "./env.ts";
import { apiError, readParams } from "./errors.ts";

/** Mastodon clients send booleans as JSON, or as "true"/"1"/"on" in forms. */
export const flagParam = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", "on", "off", ""])])
  .transform((v) => v === true || v === "true" || v === "1" || v === "on");

/** `id[]=a&id[]=b` (or `id=a`), at most 100 of them. */
export function idsParam(c: Context<ApiEnv>): string[] {
  const ids = c.req.queries("id[]") ?? c.req.queries("id") ?? [];
  if (ids.length > 100) throw apiError(422, "Too many ids (at most 100)");
  return ids.filter((id) => id.length <= 100);
}

const fieldSchema = z.object({
  name: z.string().max(255).default(""),
  value: z.string().max(2000).default(""),
});

/**
 * Profile fields as clients send them: a JSON array or index-keyed object,
 * or form keys `fields_attributes[0][name]` / `[value]`. Blank rows drop out.
 */
function fieldsOf(params: Record<string, unknown>): { name: string; value: string }[] | undefined {
  let rows: unknown[] | undefined;
  const json = params.fields_attributes;
  if (Array.isArray(json)) rows = json;
  else if (json && typeof json === "object") rows = Object.values(json);
  else {
    const byIndex = new Map<number, Record<string, unknown>>();
    for (const [key, value] of Object.entries(params)) {
      const match = /^fields_attributes\[(\d{1,2})\]\[(name|value)\]$/.exec(key);
      if (!match) continue;
      const row = byIndex.get(Number(match[1])) ?? {};
      row[match[2] as string] = value;
      byIndex.set(Number(match[1]), row);
    }
    if (byIndex.size > 0) rows = [...byIndex].sort(([a], [b]) => a - b).map(([, row]) => row);
  }
  if (!rows) return undefined;
  const parsed = z.array(fieldSchema).max(20).safeParse(rows);
  if (!parsed.success) throw apiError(422, "Validation failed: fields_attributes are malformed");
  return parsed.data.filter((f) => f.name.trim() || f.value.trim());
}

const credentialsSchema = z.object({
  display_name: z.string().max(1000).optional(),
  note: z.string().max(20_000).optional(),
  locked: flagParam.optional(),
  discoverable: flagParam.optional(),
  language: z.string().max(20).optional(),
});

async function fileBytes(value: unknown, name: string): Promise<Uint8Array | undefined> {
  if (value === undefined || value === "") return undefined;
  if (!(value instanceof File)) throw apiError(422, `Validation failed: ${name} must be a file`);
  return new Uint8Array(await value.arrayBuffer());
}

/** `PATCH /api/v1/accounts/update_credentials`'s parameters (JSON or multipart). */
export async function credentialsParams(c: Context<ApiEnv>): Promise<CredentialsInput> {
  const params = await readParams(c);
  const source = (params.source ?? {}) as Record<string, unknown>;
  const parsed = credentialsSchema.safeParse({
    ...params,
    language: params["source[language]"] ?? source.language,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw apiError(422, `Validation failed: ${String(issue?.path[0])} ${issue?.message ?? ""}`);
  }
  const data = parsed.data;
  return {
    displayName: data.display_name,
    note: data.note,
    locked: data.locked,
    discoverable: data.discoverable,
    language: data.language,
    fields: fieldsOf(params),
    avatar: await fileBytes(params.avatar, "avatar"),
    header: await fileBytes(params.header, "header"),
  };
}
