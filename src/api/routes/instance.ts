import { readFileSync } from "node:fs";
import { Hono } from "hono";
import {
  type InstanceFacts,
  instanceFacts,
  SUPPORTED_MIME_TYPES,
} from "../../domain/api/instance.ts";
import type { ApiEnv } from "../env.ts";
import { serializeAccount } from "../serializers/account.ts";

const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** Mastodon's compatible version form: clients enable features by the Mastodon version. */
export const API_VERSION = `4.3.0 (compatible; Outloud ${pkg.version})`;

const TITLE = "Outloud";
const DESCRIPTION = "Show your work, share what you learn: a work and learning portfolio.";

function configuration(facts: InstanceFacts) {
  const { limits } = facts;
  return {
    accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
    statuses: {
      max_characters: limits.maxCharacters,
      max_media_attachments: limits.maxMediaAttachments,
      characters_reserved_per_url: 23,
    },
    media_attachments: {
      supported_mime_types: [...SUPPORTED_MIME_TYPES],
      image_size_limit: limits.imageSizeLimit,
      image_matrix_limit: limits.imagePixelLimit,
      video_size_limit: limits.videoSizeLimit,
      video_frame_rate_limit: 60,
      video_matrix_limit: limits.imagePixelLimit,
    },
    // Outloud has no polls; clients read these limits all the same.
    polls: {
      max_options: 0,
      max_characters_per_option: 0,
      min_expiration: 300,
      max_expiration: 2_629_746,
    },
  };
}

/** `/api/v1/instance`, `/api/v2/instance` and the small lists clients ask for at start. */
export function instanceRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/api/v1/instance", async (c) => {
    const ctx = c.get("ctx");
    const facts = await instanceFacts(ctx);
    const base = ctx.config.publicUrl;
    const host = new URL(base).host;
    return c.json({
      uri: host,
      title: TITLE,
      short_description: DESCRIPTION,
      description: DESCRIPTION,
      email: "",
      version: API_VERSION,
      urls: { streaming_api: base.replace(/^http/, "ws") },
      stats: {
        user_count: facts.members,
        status_count: facts.localPosts,
        domain_count: facts.knownDomains,
      },
      thumbnail: `${base}/static/header-missing.png`,
      languages: ["en"],
      registrations: facts.registration === "open",
      approval_required: false,
      invites_enabled: facts.registration === "invite",
      configuration: configuration(facts),
      contact_account: facts.contact ? serializeAccount(facts.contact, base) : null,
      rules: [],
    });
  });

  app.get("/api/v2/instance", async (c) => {
    const ctx = c.get("ctx");
    const facts = await instanceFacts(ctx);
    const base = ctx.config.publicUrl;
    return c.json({
      domain: new URL(base).host,
      title: TITLE,
      version: API_VERSION,
      // Where the source is offered (AGPL): this server has no separate project page.
      source_url: `${base}/`,
      description: DESCRIPTION,
      usage: { users: { active_month: facts.activeMonth } },
      thumbnail: { url: `${base}/static/header-missing.png` },
      icon: [],
      languages: ["en"],
      configuration: {
        urls: { streaming: base.replace(/^http/, "ws"), status: null },
        vapid: { public_key: "" },
        ...configuration(facts),
        translation: { enabled: false },
      },
      registrations: {
        enabled: facts.registration === "open",
        approval_required: false,
        message: null,
        url: null,
      },
      api_versions: { mastodon: 2 },
      contact: {
        email: "",
        account: facts.contact ? serializeAccount(facts.contact, base) : null,
      },
      rules: [],
    });
  });

  // This server shares no list of peers; no custom emojis or rules yet.
  app.get("/api/v1/instance/peers", (c) => c.json([]));
  app.get("/api/v1/instance/activity", (c) => c.json([]));
  app.get("/api/v1/instance/rules", (c) => c.json([]));
  app.get("/api/v1/instance/extended_description", (c) =>
    c.json({ updated_at: new Date(0).toISOString(), content: `<p>${DESCRIPTION}</p>` }),
  );
  app.get("/api/v1/custom_emojis", (c) => c.json([]));
  return app;
}
