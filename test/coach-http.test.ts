import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { RULE_IDS } from "../src/domain/coach/index.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import type { TestClient } from "./helpers/client.ts";
import { countRows, makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { jpeg, uploadFile } from "./helpers/media.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

let runtime: TestRuntime;
let ada: CurrentUser;
let client: TestClient;

interface Finding {
  rule: string;
  severity: string;
  reason: string;
  fix?: { label: string; fields: Record<string, string> };
}

async function check(fields: unknown, c = client, headers: Record<string, string> = {}) {
  await c.ensureCsrf();
  return c.request("/compose/coach", {
    method: "POST",
    headers: { "content-type": "application/json", "x-csrf-token": c.csrfToken, ...headers },
    body: typeof fields === "string" ? fields : JSON.stringify(fields),
  });
}

async function findingsFor(fields: Record<string, unknown>, c = client): Promise<Finding[]> {
  const response = await check(fields, c);
  assert.equal(response.status, 200);
  return ((await response.json()) as { findings: Finding[] }).findings;
}

const EMAIL_ENTRY = {
  kind: "note",
  body: "Ask me anything: ada@example.org #learning",
  audience: "public",
  action: "publish",
};

before(async () => {
  runtime = await startTestRuntime();
  ada = await makeMember(runtime.ctx, "ada");
  client = await signedInClient(runtime, ada);
});
after(() => runtime.close());

describe("POST /compose/coach", () => {
  test("returns findings with rule ids, severities, reasons and fixes", async () => {
    const body = await check({
      body: "Mail ada@example.org — read https://example.org/a?utm_source=x&id=1 #learningdesign",
      audience: "public",
    });
    assert.equal(body.status, 200);
    assert.match(body.headers.get("content-type") ?? "", /application\/json/);
    const json = (await body.json()) as { findings: Finding[]; needsConfirmation: boolean };
    assert.equal(json.needsConfirmation, true);
    const byRule = new Map(json.findings.map((f) => [f.rule, f]));
    assert.equal(byRule.get("personal-email")?.severity, "confirm");
    assert.equal(byRule.get("audience-preview")?.severity, "info");
    assert.match(
      byRule.get("tracking-links")?.fix?.fields.body ?? "",
      /https:\/\/example\.org\/a\?id=1 /,
    );
    assert.equal(byRule.get("hashtag-case")?.fix?.label, "Use #LearningDesign");
  });

  test("stops a public reply to a followers-only entry, and says nothing of posts it cannot see", async () => {
    const bea = await makeMember(runtime.ctx, "replied_to");
    await follow(runtime.ctx, ada, { handle: "replied_to" });
    const forFollowers = await createEntry(runtime.ctx, bea, {
      body: "Just for my followers",
      audience: "followers",
      action: "publish",
    });
    const secret = await createEntry(runtime.ctx, bea, {
      body: "Only me",
      audience: "private",
      action: "publish",
    });
    const reply = { body: "Great point #learning", audience: "public" };
    const mismatch = await findingsFor({ ...reply, inReplyToId: forFollowers.id });
    assert.equal(mismatch.find((f) => f.rule === "reply-audience")?.severity, "confirm");
    const same = await findingsFor({
      ...reply,
      audience: "followers",
      inReplyToId: forFollowers.id,
    });
    assert.equal(
      same.find((f) => f.rule === "reply-audience"),
      undefined,
    );
    const hidden = await findingsFor({ ...reply, inReplyToId: secret.id });
    assert.equal(
      hidden.find((f) => f.rule === "reply-audience"),
      undefined,
    );
  });

  test("requires a signed-in member", async () => {
    const anonymous = new (client.constructor as typeof TestClient)(runtime.app);
    const response = await check({ body: "hi" }, anonymous);
    assert.equal(response.status, 401);
  });

  test("requires the CSRF header", async () => {
    const response = await client.request("/compose/coach", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ body: "hi" }),
    });
    assert.equal(response.status, 403);
  });

  test("refuses bad input with a 4xx, never a 500", async () => {
    assert.equal((await check("{not json")).status, 400);
    assert.equal((await check([1, 2])).status, 400);
    assert.equal((await check({ body: { nested: true } })).status, 400);
    const badAudience = await check({ body: "x", audience: "everyone" });
    assert.equal(badAudience.status, 422);
    assert.ok(((await badAudience.json()) as { fields: Record<string, string> }).fields.audience);
    assert.equal((await check({ body: "x".repeat(60_000) })).status, 422);
  });

  test("the audience preview counts real followers, local and remote", async () => {
    const bea = await makeMember(runtime.ctx, "bea");
    await follow(runtime.ctx, bea, { handle: "ada" });
    let preview = (await findingsFor({ body: "x" })).find((f) => f.rule === "audience-preview");
    assert.match(preview?.reason ?? "", /your 1 follower,/);
    assert.match(preview?.reason ?? "", /Other fediverse servers can fetch it too/);
    const remote = randomUUID();
    const sql = runtime.database.sql;
    await sql`insert into actors (id, handle, host, uri) values (${remote}, 'zed', 'social.example', ${`https://social.example/users/${remote}`})`;
    await sql`insert into follows (follower_id, followed_id) values (${remote}, ${ada.actorId})`;
    preview = (await findingsFor({ body: "x" })).find((f) => f.rule === "audience-preview");
    assert.match(preview?.reason ?? "", /your 2 followers \(1 of them on 1 other server\)/);
    assert.doesNotMatch(preview?.reason ?? "", /can fetch it too/);
    const own = (await findingsFor({ body: "x", audience: "private" })).find(
      (f) => f.rule === "audience-preview",
    );
    assert.match(own?.reason ?? "", /only you/);
  });

  test("reads the member's own uploads with the alt text typed in the form", async () => {
    const upload = await uploadFile(client, await jpeg(), "photo.jpg", "image/jpeg");
    assert.equal(upload.status, 201);
    const { id } = (await upload.json()) as { id: string };
    const without = await findingsFor({ body: "x", media: id, [`alt-${id}`]: "" });
    assert.ok(without.some((f) => f.rule === "media-description"));
    const described = await findingsFor({ body: "x", media: id, [`alt-${id}`]: "A green square" });
    assert.ok(!described.some((f) => f.rule === "media-description"));
    const passport = await findingsFor({ body: "x", media: id, [`alt-${id}`]: "My passport" });
    assert.ok(passport.some((f) => f.rule === "document-photo"));
    // Someone else's upload id is not read.
    const bea = await signedInClient(runtime, await makeMember(runtime.ctx, "bea2"));
    const theirs = await findingsFor({ body: "x", media: id }, bea);
    assert.ok(!theirs.some((f) => f.rule === "media-description"));
  });
});

describe("the composer", () => {
  test("carries the coach's panel and its script (served from 'self')", async () => {
    const page = await (await client.get("/compose")).text();
    assert.match(
      page,
      /<section class="coach-panel" id="coach"[^>]*data-coach-url="\/compose\/coach"/,
    );
    assert.match(page, /<script src="\/static\/coach.js" defer><\/script>/);
    const script = await client.get("/static/coach.js");
    assert.equal(script.status, 200);
    assert.match(script.headers.get("content-type") ?? "", /javascript/);
  });
});

describe("publishing waits for stop-and-confirm findings", () => {
  test("without the tick: 422, the findings and the box on the re-rendered form, nothing saved", async () => {
    const entriesBefore = await countRows(runtime, "entries");
    const response = await client.post("/compose", EMAIL_ENTRY);
    assert.equal(response.status, 422);
    const page = await response.text();
    assert.match(page, /Check before publishing:/);
    assert.match(page, /ada@example\.org/);
    assert.match(page, /<label for="coachConfirmed">I have read the coach's notes<\/label>/);
    assert.match(page, /Ask me anything: ada@example\.org #learning<\/textarea>/);
    assert.equal(await countRows(runtime, "entries"), entriesBefore);
  });

  test("without JavaScript, an “Apply fix” button changes the fields and publishes nothing", async () => {
    const entriesBefore = await countRows(runtime, "entries");
    const tracked = {
      ...EMAIL_ENTRY,
      body: "Read https://example.org/a?utm_source=x&id=1 ada@example.org #learningdesign",
    };
    const refused = await (await client.post("/compose", tracked)).text();
    const buttons = [
      ...refused.matchAll(
        /<button type="submit"[^>]*name="applyFix" value="(\d+)">Apply fix: ([^<]+)</g,
      ),
    ];
    // The fixes come after the main buttons, so Enter in a field still publishes.
    assert.ok(refused.indexOf('name="applyFix"') > refused.indexOf('value="publish"'));
    const tracking = buttons.find((b) => /tracking|clean/i.test(b[2] ?? ""));
    assert.ok(tracking, `a tracking-link fix among ${buttons.map((b) => b[2]).join(" | ")}`);
    const fixed = await client.post("/compose", {
      ...tracked,
      action: "",
      applyFix: tracking[1] ?? "",
    });
    assert.equal(fixed.status, 200);
    const page = await fixed.text();
    assert.match(page, /Applied: /);
    assert.match(
      page,
      /Read https:\/\/example\.org\/a\?id=1 ada@example\.org #learningdesign<\/textarea>/,
    );
    // The other fixes are still offered for the new text; the tracking one is gone.
    assert.match(page, /name="applyFix"[^>]*>Apply fix: Use #LearningDesign</);
    assert.equal(await countRows(runtime, "entries"), entriesBefore);
  });

  test("with the tick: published", async () => {
    const response = await client.post("/compose", { ...EMAIL_ENTRY, coachConfirmed: "yes" });
    assert.equal(response.status, 303);
    assert.match(response.headers.get("location") ?? "", /^\/@ada\/[0-9a-f-]+$/);
  });

  test("warn and info findings never block", async () => {
    const response = await client.post("/compose", {
      kind: "note",
      body: "THIS IS THE BEST WORKSHOP EVER, TRULY AMAZING",
      audience: "public",
      action: "publish",
    });
    assert.equal(response.status, 303);
  });

  test("drafts are not checked; private entries carry no personal-data findings", async () => {
    const draft = await client.post("/compose", { ...EMAIL_ENTRY, action: "draft" });
    assert.equal(draft.status, 303);
    const own = await client.post("/compose", { ...EMAIL_ENTRY, audience: "private" });
    assert.equal(own.status, 303);
  });

  test("publishing an edited draft is checked too", async () => {
    const draft = await client.post("/compose", { ...EMAIL_ENTRY, action: "draft" });
    const edit = `${draft.headers.get("location")}/edit`;
    const refused = await client.post(edit, EMAIL_ENTRY);
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /I have read the coach's notes/);
    const published = await client.post(edit, { ...EMAIL_ENTRY, coachConfirmed: "yes" });
    assert.equal(published.status, 303);
  });
});

describe("/settings/coach", () => {
  test("lists every rule with a labelled checkbox; the preview cannot be turned off", async () => {
    const response = await client.get("/settings/coach");
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /<label for="rule-personal-email">Email addresses<\/label>/);
    assert.match(page, /id="rule-personal-email" name="enabled" value="personal-email" checked/);
    assert.match(page, /id="rule-audience-preview" checked disabled/);
  });

  test("a turned-off rule never fires for that member, and publishing no longer waits", async () => {
    const everyOtherRule = RULE_IDS.filter((id) => id !== "personal-email");
    const saved = await client.post("/settings/coach", { enabled: everyOtherRule });
    assert.equal(saved.status, 303);
    const page = await (await client.get("/settings/coach?saved=1")).text();
    assert.match(page, /id="rule-personal-email" name="enabled" value="personal-email" aria/);
    assert.match(page, /Your coach settings are saved/);
    const findings = await findingsFor({ body: "ada@example.org" });
    assert.ok(!findings.some((f) => f.rule === "personal-email"));
    assert.ok(findings.some((f) => f.rule === "no-tags"));
    assert.equal((await client.post("/compose", EMAIL_ENTRY)).status, 303);
    // Another member still gets the finding.
    const other = await signedInClient(runtime, await makeMember(runtime.ctx, "cyd"));
    assert.ok(
      (await findingsFor({ body: "ada@example.org" }, other)).some(
        (f) => f.rule === "personal-email",
      ),
    );
  });

  test("unknown rule ids are refused; anonymous visitors are sent to sign in", async () => {
    const refused = await client.post("/settings/coach", { enabled: ["no-such-rule"] });
    assert.equal(refused.status, 422);
    const { TestClient } = await import("./helpers/client.ts");
    const anonymous = await new TestClient(runtime.app).get("/settings/coach");
    assert.equal(anonymous.status, 303);
  });
});
