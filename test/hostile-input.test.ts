import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createMember } from "../src/domain/accounts/members.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { countRows, makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";
import { findAll, parseXml } from "./helpers/xml.ts";

const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";
const MD_LINK = "[x](javascript:alert(1))";
const A_LINK = `<a href="javascript:alert(2)">click</a>`;
const HOSTILE = `${SCRIPT} ${IMG} ${MD_LINK} ${A_LINK}`;

const TAG = /<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "poster", "srcset", "data"]);
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/**
 * Fails when HTML holds something a browser would run or follow: a script
 * element (other than our own static scripts), an event-handler attribute, or
 * a javascript: URL. It reads real tags only: escaped text like `&lt;script&gt;`
 * or an attribute value that merely mentions "onerror=" is inert.
 */
function assertInert(html: string, where: string) {
  for (const [, name = "", attributes = ""] of html.matchAll(TAG)) {
    const attrs = [...attributes.matchAll(ATTRIBUTE)].map((m) => ({
      name: (m[1] ?? "").toLowerCase(),
      value: (m[2] ?? m[3] ?? m[4] ?? "").replace(/&#x?[0-9a-f]+;|&colon;|\s/gi, (e) =>
        e === "&colon;" ? ":" : e.trim() === "" ? "" : e,
      ),
    }));
    if (name.toLowerCase() === "script") {
      // Only our own static scripts (src="/static/….js" defer): the composer's and media's.
      const [src, defer, ...rest] = attrs.map((a) => a.value);
      assert.match(src ?? "", /^\/static\/[a-z-]+\.js$/, `${where}: a <script>`);
      assert.deepEqual([defer, rest], ["", []], `${where}: a <script>`);
    }
    for (const attr of attrs) {
      assert.ok(
        !attr.name.startsWith("on"),
        `${where}: an event handler ${attr.name} on <${name}>`,
      );
      if (URL_ATTRIBUTES.has(attr.name)) {
        const url = attr.value;
        assert.ok(!/^javascript:/i.test(url), `${where}: javascript: in <${name} ${attr.name}>`);
      }
    }
  }
}

describe("hostile input", () => {
  let runtime: TestRuntime;
  let mallory: CurrentUser;
  let asMallory: TestClient;
  let anonymous: TestClient;
  let entryId = "";

  before(async () => {
    runtime = await startTestRuntime();
    mallory = await createMember(runtime.ctx, {
      handle: "mallory",
      email: "mallory@example.org",
      password: "correct horse battery",
      displayName: SCRIPT,
    });
    await runtime.database.sql`update actors set headline = ${IMG},
      links = ${JSON.stringify([
        { label: "evil", url: "javascript:alert(3)" },
        { label: "site", url: "https://mallory.example" },
      ])}::jsonb where id = ${mallory.actorId}`;
    asMallory = await signedInClient(runtime, mallory);
    anonymous = new TestClient(runtime.app);
    const response = await asMallory.post("/compose", {
      kind: "article",
      title: HOSTILE,
      body: `${HOSTILE}\n\nA fine [site](https://example.org) #safe`,
      contentWarning: HOSTILE,
      tags: "safe",
      audience: "public",
      action: "publish",
    });
    assert.equal(response.status, 303);
    entryId = (response.headers.get("location") ?? "").split("/").at(-1)!;
  });
  after(() => runtime.close());

  it("renders script, event handlers and javascript: links inert on every page", async () => {
    for (const path of [
      `/@mallory/${entryId}`,
      "/@mallory",
      "/tags/safe",
      "/",
      `/@mallory/${entryId}/history`,
      "/journal",
    ]) {
      const client = path.includes("history") || path === "/journal" ? asMallory : anonymous;
      const response = await client.get(path);
      assert.equal(response.status, 200, path);
      assertInert(await response.text(), path);
    }
    const page = await (await anonymous.get(`/@mallory/${entryId}`)).text();
    assert.ok(page.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), "the title is shown as text");
    assert.match(page, /<a href="https:\/\/example.org" rel="nofollow noopener ugc">site<\/a>/);
    const profile = await (await anonymous.get("/@mallory")).text();
    assert.match(profile, /href="https:\/\/mallory.example" rel="me nofollow noopener"/);
    assert.ok(!profile.includes(">evil<"), "a javascript: profile link is not shown");
    const edit = await (await asMallory.get(`/@mallory/${entryId}/edit`)).text();
    assertInert(edit, "edit form");
    assert.ok(edit.includes(`value="&lt;script&gt;alert(1)&lt;/script&gt;`));
  });

  it("keeps feeds inert: escaped text, sanitized HTML", async () => {
    for (const path of [
      "/@mallory/feed.atom",
      "/@mallory/feed.rss",
      "/tags/safe/feed.atom",
      "/tags/safe/feed.rss",
    ]) {
      const xml = parseXml(await (await anonymous.get(path)).text());
      // The HTML readers render: Atom <content> and RSS item <description>.
      const items = [...findAll(xml, "entry"), ...findAll(xml, "item")];
      const html = items
        .flatMap((item) => [...findAll(item, "content"), ...findAll(item, "description")])
        .map((element) => element.text)
        .join("\n");
      assert.ok(html.includes("example.org"), `${path}: has the content`);
      assertInert(html, path);
    }
    const json = JSON.parse(await (await anonymous.get("/@mallory/feed.json")).text());
    const [item] = json.items;
    assertInert(item.content_html, "JSON Feed content_html");
    assert.equal(item.title, HOSTILE, "titles are plain text, for the reader to escape");
  });

  it("refuses hostile tags, with the text kept and escaped (422, nothing written)", async () => {
    const before = await countRows(runtime, "entries");
    const response = await asMallory.post("/compose", {
      body: "fine",
      tags: `${SCRIPT} ${IMG}`,
      audience: "public",
      action: "publish",
    });
    assert.equal(response.status, 422);
    const page = await response.text();
    assertInert(page, "422 form");
    assert.match(page, /id="tags-error"/);
    assert.equal(await countRows(runtime, "entries"), before);
  });

  it("rejects bad kinds, audiences, prompts, actions and schedules with 422, writing nothing", async () => {
    const before = [await countRows(runtime, "entries"), await countRows(runtime, "jobs")];
    const cases: Record<string, string>[] = [
      { kind: "poem", body: "x" },
      { audience: "everyone", body: "x" },
      { prompt: "dreaming", body: "x" },
      { action: "explode", body: "x" },
      { action: "schedule", body: "x", scheduledAt: "2001-01-01T10:00" },
      { action: "schedule", body: "x", scheduledAt: "next tuesday" },
      { action: "schedule", body: "x", scheduledAt: "2030-13-45T99:99" },
      { action: "schedule", body: "x", scheduledAt: "" },
      { action: "schedule", body: "x", scheduledAt: "2030-01-01T10:00", timezoneOffset: "banana" },
      { kind: "link", linkUrl: "javascript:alert(1)", body: "x" },
      { language: "<script>", body: "x" },
    ];
    for (const fields of cases) {
      const response = await asMallory.post("/compose", {
        kind: "note",
        audience: "public",
        action: "publish",
        ...fields,
      });
      assert.equal(response.status, 422, JSON.stringify(fields));
      assertInert(await response.text(), JSON.stringify(fields));
    }
    assert.deepEqual(
      [await countRows(runtime, "entries"), await countRows(runtime, "jobs")],
      before,
    );
  });

  it("rejects a body over 50,000 characters (under the byte limit) with 422", async () => {
    const before = await countRows(runtime, "entries");
    const response = await asMallory.post("/compose", {
      body: "a".repeat(50_001),
      audience: "public",
      action: "publish",
    });
    assert.equal(response.status, 422);
    assert.match(await response.text(), /Use at most 50,000 characters/);
    assert.equal(await countRows(runtime, "entries"), before);
  });

  it("answers 404 for ids that are not UUIDs and 400 for forged page cursors", async () => {
    for (const path of [
      "/@mallory/not-a-uuid",
      "/@mallory/123/edit",
      "/@mallory/x'or'1=1/history",
      "/@nobody",
      "/tags/%3Cscript%3E",
    ]) {
      assert.equal((await asMallory.get(path)).status, 404, path);
    }
    assert.equal((await asMallory.post("/@mallory/123/delete", {})).status, 404);
    for (const path of [
      "/@mallory?cursor=garbage!",
      "/tags/safe?cursor=Zm9v",
      "/journal?cursor=%00%01",
    ]) {
      const response = await asMallory.get(path);
      assert.equal(response.status, 400, path);
      assertInert(await response.text(), path);
    }
  });

  it("refuses a compose post without the CSRF token (403, nothing written)", async () => {
    const before = await countRows(runtime, "entries");
    await asMallory.ensureCsrf();
    const response = await asMallory.post(
      "/compose",
      { body: "forged", action: "publish" },
      { csrf: false },
    );
    assert.equal(response.status, 403);
    assert.equal(await countRows(runtime, "entries"), before);
  });
});

describe("oversized requests", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime({ MAX_BODY_BYTES: "65536" });
  });
  after(() => runtime.close());

  it("answers 413 to a body over MAX_BODY_BYTES and writes nothing", async () => {
    const member = await makeMember(runtime.ctx, "big");
    const client = await signedInClient(runtime, member);
    const response = await client.post("/compose", {
      body: "b".repeat(100_000),
      audience: "public",
      action: "publish",
    });
    assert.equal(response.status, 413);
    assert.equal(await countRows(runtime, "entries"), 0);
  });
});
