import { eq } from "drizzle-orm";
import { z } from "zod";
import { instanceSettings } from "../db/schema/accounts.ts";
import type { Ctx } from "./context.ts";
import { invalid, notFound } from "./errors.ts";
import type { CurrentUser } from "./viewer.ts";

export const REGISTRATION_MODES = ["invite", "open", "closed"] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** Every instance setting: its schema and its value before the admin changes it. */
const SETTINGS = {
  registration: { schema: z.enum(REGISTRATION_MODES), fallback: "invite" as RegistrationMode },
} as const;

type SettingKey = keyof typeof SETTINGS;
type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]["fallback"];

/** Reads one setting; a missing or unreadable value falls back to the default. */
export async function getSetting<K extends SettingKey>(ctx: Ctx, key: K): Promise<SettingValue<K>> {
  const [row] = await ctx.db
    .select({ value: instanceSettings.value })
    .from(instanceSettings)
    .where(eq(instanceSettings.key, key))
    .limit(1);
  const parsed = SETTINGS[key].schema.safeParse(row?.value);
  return parsed.success ? parsed.data : SETTINGS[key].fallback;
}

async function putSetting<K extends SettingKey>(
  ctx: Ctx,
  key: K,
  value: SettingValue<K>,
): Promise<void> {
  await ctx.db
    .insert(instanceSettings)
    .values({ key, value, updatedAt: ctx.now() })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: ctx.now() } });
}

/** Only admins change instance settings; to anyone else the feature does not exist. */
export function requireAdmin(user: CurrentUser | null): asserts user is CurrentUser {
  if (user?.role !== "admin") throw notFound();
}

export function registrationMode(ctx: Ctx): Promise<RegistrationMode> {
  return getSetting(ctx, "registration");
}

export async function setRegistrationMode(
  ctx: Ctx,
  admin: CurrentUser | null,
  mode: unknown,
): Promise<RegistrationMode> {
  requireAdmin(admin);
  const parsed = SETTINGS.registration.schema.safeParse(mode);
  if (!parsed.success) {
    throw invalid("Choose who can register.", { registration: "Choose one of the options" });
  }
  await putSetting(ctx, "registration", parsed.data);
  return parsed.data;
}
