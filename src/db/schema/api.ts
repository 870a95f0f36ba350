import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { actors, users } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";

/** A client application registered through `POST /api/v1/apps`. */
export const oauthApps = pgTable("oauth_apps", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  website: text("website"),
  redirectUris: text("redirect_uris").array().notNull(),
  scopes: text("scopes").array().notNull(),
  clientId: text("client_id").notNull().unique(),
  /** SHA-256 of the client secret. */
  clientSecretHash: text("client_secret_hash").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** An authorization code waiting to be exchanged for a token (single use, short-lived). */
export const oauthCodes = pgTable("oauth_codes", {
  /** SHA-256 of the code. */
  codeHash: text("code_hash").primaryKey(),
  appId: uuid("app_id")
    .notNull()
    .references(() => oauthApps.id, { onDelete: "cascade" }),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  redirectUri: text("redirect_uri").notNull(),
  scopes: text("scopes").array().notNull(),
  /** PKCE (S256 or plain), when the client sent one. */
  codeChallenge: text("code_challenge"),
  codeChallengeMethod: text("code_challenge_method"),
  expiresAt: ts("expires_at").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/**
 * A bearer token: from an app's authorization (app and user set), an app's
 * client credentials (no user), or a member's personal access token (no app).
 */
export const accessTokens = pgTable(
  "access_tokens",
  {
    id: uuid("id").primaryKey(),
    /** SHA-256 of the token: a database leak does not leak tokens. */
    tokenHash: text("token_hash").notNull().unique(),
    appId: uuid("app_id").references(() => oauthApps.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().notNull(),
    /** A personal access token's name, given by the member. */
    name: text("name").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [index("access_tokens_user_idx").on(t.userId)],
);

/** A status posted with an `Idempotency-Key`: the same key returns the same status. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** SHA-256 of the request body: reusing a key for a different request is a 422. */
    requestHash: text("request_hash").notNull(),
    /** What the first request answered. */
    response: jsonb("response"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/** Where a member stopped reading (Mastodon markers: home, notifications). */
export const markers = pgTable(
  "markers",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    timeline: text("timeline", { enum: ["home", "notifications"] }).notNull(),
    lastReadId: text("last_read_id").notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.timeline] })],
);

/** A member's private note on an account (Mastodon's `relationship.note`): only they see it. */
export const accountNotes = pgTable(
  "account_notes",
  {
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    targetId: uuid("target_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    note: text("note").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.targetId] })],
);
