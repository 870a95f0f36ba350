import { linksIn } from "./text.ts";
import type { Draft, Finding, Rule } from "./types.ts";

/** Query parameters that only track who clicked where. */
const TRACKING = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "twclid",
  "ttclid",
  "mc_eid",
  "mc_cid",
  "igshid",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_enc_id",
  "oly_anon_id",
  "vero_id",
  "rb_clickid",
]);
/** `si` is a share tracker on these sites only (elsewhere it may mean something). */
const SI_HOSTS = /(^|\.)(youtube\.com|youtu\.be|spotify\.com)$/i;

function tracks(name: string, host: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith("utm_") || TRACKING.has(key) || (key === "si" && SI_HOSTS.test(host));
}

/**
 * The link without its tracking parameters, the rest kept byte for byte
 * (no re-encoding by URL), or null when it has none.
 */
export function cleanLink(link: string): string | null {
  let host: string;
  try {
    host = new URL(link).hostname;
  } catch {
    return null;
  }
  const hashAt = link.indexOf("#");
  const beforeHash = hashAt === -1 ? link : link.slice(0, hashAt);
  const hash = hashAt === -1 ? "" : link.slice(hashAt);
  const queryAt = beforeHash.indexOf("?");
  if (queryAt === -1) return null;
  const params = beforeHash.slice(queryAt + 1).split("&");
  const kept = params.filter((p) => p !== "" && !tracks(decodeName(p), host));
  if (kept.length === params.filter((p) => p !== "").length) return null;
  const base = beforeHash.slice(0, queryAt);
  return `${base}${kept.length > 0 ? `?${kept.join("&")}` : ""}${hash}`;
}

function decodeName(param: string): string {
  const name = param.split("=")[0] ?? "";
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

const trackingLinks: Rule = {
  id: "tracking-links",
  severity: "warn",
  label: "Tracking in links",
  description:
    "Offers the clean link when a link carries tracking parameters (utm_…, fbclid, gclid…).",
  canTurnOff: true,
  check(draft) {
    const inBody = linksIn(draft.body)
      .map((found) => ({ ...found, clean: cleanLink(found.text) }))
      .filter((found): found is typeof found & { clean: string } => found.clean !== null);
    const cleanUrl = draft.linkUrl ? cleanLink(draft.linkUrl.trim()) : null;
    if (inBody.length === 0 && cleanUrl === null) return [];
    let body = draft.body;
    // From the end, so earlier indexes stay right.
    for (const found of [...inBody].reverse()) {
      body = body.slice(0, found.index) + found.clean + body.slice(found.index + found.text.length);
    }
    const n = inBody.length + (cleanUrl === null ? 0 : 1);
    const fields: Finding["fix"] = {
      label: n === 1 ? "Remove the tracking" : "Remove the tracking from all links",
      fields: {
        ...(inBody.length > 0 ? { body } : {}),
        ...(cleanUrl !== null ? { linkUrl: cleanUrl } : {}),
      },
    };
    return [
      {
        rule: "tracking-links",
        severity: "warn",
        reason: `${n === 1 ? "A link carries" : `${n} links carry`} tracking parameters: they tell the site who shared it and where readers came from. The clean link works the same.`,
        fix: fields,
      },
    ];
  },
};

const bareLink: Rule = {
  id: "bare-link",
  severity: "info",
  label: "Bare link",
  description: "Notices when the body is only a link, with nothing about why you share it.",
  canTurnOff: true,
  check(draft: Draft) {
    // The whole body (trailing punctuation aside) is one link.
    const body = draft.body.trim().replace(/[.,;:!?]+$/u, "");
    const [first] = linksIn(body);
    if (body === "" || first?.text !== body) return [];
    return [
      {
        rule: "bare-link",
        severity: "info",
        reason:
          "The entry is only a link. A sentence on why it matters to you — what you learned or what readers will find — helps others decide to open it, and helps you remember later.",
      },
    ];
  },
};

export const linkRules: Rule[] = [trackingLinks, bareLink];
