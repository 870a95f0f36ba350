import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { updateProfile } from "../src/domain/accounts/profile.ts";
import { createEntry, deleteEntry, type NewEntryInput } from "../src/domain/entries/index.ts";
import { pinEntry } from "../src/domain/portfolios/pins.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { jpeg, uploadFile } from "./helpers/media.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

const ORIGIN = "http://localhost:3000";
const PUBLIC = ["https://www.w3.org/ns/activitystreams#Public", "as:Public"];
const AP = "application/activity+json";

describe("federation: discovery, actors and objects (one instance)", () => {
  let runtime: TestRuntime;
  let ada: CurrentUser;
  const get = (path: string, accept = AP) =>
    runtime.app.request(`${ORIGIN}${path}`, { headers: { accept } });
  const json = async (path: string) => {
    const response = await get(path);
    assert.equal(response.status, 200, `${path} answers 200`);
    return (await response.json()) as Record<string, unknown>;
  };

  before(async () => {
    runtime = await startTestRuntime();
    ada = await makeMember(runtime.ctx, "ada");
  });
  after(() => runtime.close());

  it("finds a member by WebFinger and links to her actor", async () => {
    const response = await get(`/.well-known/webfinger?resource=acct:ada@localhost:3000`, "*/*");
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      subject: string;
      links: { rel: string; href: string; type?: string }[];
    };
    assert.equal(body.subject, "acct:ada@localhost:3000");
    const self = body.links.find((l) => l.rel === "self");
    assert.equal(self?.href, `${ORIGIN}/@ada`);
    assert.equal(self?.type, "application/activity+json");
    const missing = await get(`/.well-known/webfinger?resource=acct:nobody@localhost:3000`, "*/*");
    assert.equal(missing.status, 404);
  });

  it("publishes NodeInfo 2.1 and host-meta", async () => {
    const links = (await (await get("/.well-known/nodeinfo", "*/*")).json()) as {
      links: { href: string }[];
    };
    assert.ok(links.links.some((l) => l.href === `${ORIGIN}/nodeinfo/2.1`));
    await createEntry(runtime.ctx, ada, { kind: "note", body: "Counted", audience: "public" });
    await createEntry(runtime.ctx, ada, { kind: "note", body: "Not counted", audience: "private" });
    const info = (await (await get("/nodeinfo/2.1", "*/*")).json()) as {
      software: { name: string; version: string };
      openRegistrations: boolean;
      usage: { users: { total: number }; localPosts: number };
    };
    assert.equal(info.software.name, "outloud");
    assert.equal(info.software.version, "0.1.0");
    assert.equal(info.openRegistrations, false);
    assert.equal(info.usage.users.total, 1);
    assert.equal(info.usage.localPosts, 1);
    const meta = await get("/.well-known/host-meta", "*/*");
    assert.match(
      await meta.text(),
      /template="http:\/\/localhost:3000\/\.well-known\/webfinger\?resource=\{uri\}"/,
    );
  });

  it("serves a member as a Person to servers and as a page to browsers", async () => {
    await updateProfile(runtime.ctx, ada, {
      displayName: "Ada L.",
      headline: "",
      bio: "I write *notes*.",
      links: [{ label: "Site", url: "https://ada.example.org" }],
    });
    const person = await json("/@ada");
    assert.equal(person.type, "Person");
    assert.equal(person.id, `${ORIGIN}/@ada`);
    assert.equal(person.preferredUsername, "ada");
    assert.equal(person.name, "Ada L.");
    assert.match(String(person.summary), /<em>notes<\/em>/);
    assert.equal(person.url, `${ORIGIN}/@ada`);
    assert.equal(person.inbox, `${ORIGIN}/@ada/inbox`);
    assert.equal((person.endpoints as { sharedInbox: string }).sharedInbox, `${ORIGIN}/inbox`);
    assert.equal(person.outbox, `${ORIGIN}/@ada/outbox`);
    assert.equal(person.followers, `${ORIGIN}/@ada/followers`);
    assert.equal(person.featured, `${ORIGIN}/@ada/featured`);
    assert.equal(person.manuallyApprovesFollowers, false);
    const attachment = person.attachment as
      | { type: string; name: string; value: string }[]
      | { type: string; name: string };
    const first = Array.isArray(attachment) ? attachment[0] : attachment;
    assert.equal(first?.type, "PropertyValue");
    assert.equal(first?.name, "Site");
    const key = person.publicKey as { id: string; owner: string; publicKeyPem: string };
    assert.equal(key.owner, `${ORIGIN}/@ada`);
    assert.match(key.publicKeyPem, /BEGIN PUBLIC KEY/);
    assert.equal((person.assertionMethod as unknown[]).length, 2);
    // The keys are generated once and kept.
    const again = await json("/@ada");
    assert.equal((again.publicKey as { publicKeyPem: string }).publicKeyPem, key.publicKeyPem);

    const page = await get("/@ada", "text/html");
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.equal((await get("/@nobody")).status, 404);
  });

  it("maps entries to Notes and Articles with their audience, tags and warnings", async () => {
    const note = await createEntry(runtime.ctx, ada, {
      kind: "note",
      body: "Learning #TypeScript today",
      contentWarning: "spoilers",
      audience: "public",
    });
    const object = await json(`/@ada/${note.id}`);
    assert.equal(object.type, "Note");
    assert.equal(object.id, `${ORIGIN}/@ada/${note.id}`);
    assert.equal(object.attributedTo, `${ORIGIN}/@ada`);
    assert.ok(PUBLIC.includes(String(object.to)));
    assert.equal(object.cc, `${ORIGIN}/@ada/followers`);
    assert.equal(object.sensitive, true);
    assert.equal(object.summary, "spoilers");
    assert.match(String(object.content), /TypeScript/);
    const tag = (Array.isArray(object.tag) ? object.tag[0] : object.tag) as {
      type: string;
      href: string;
      name: string;
    };
    assert.equal(tag.type, "Hashtag");
    assert.equal(tag.href, `${ORIGIN}/tags/typescript`);

    const article = await createEntry(runtime.ctx, ada, {
      kind: "article",
      title: "On notes",
      body: "A longer piece.",
      audience: "unlisted",
    });
    const body = await json(`/@ada/${article.id}`);
    assert.equal(body.type, "Article");
    assert.equal(body.name, "On notes");
    assert.equal(body.to, `${ORIGIN}/@ada/followers`);
    assert.ok(PUBLIC.includes(String(body.cc)));

    // The same URL is still the entry's page for browsers.
    const page = await get(`/@ada/${note.id}`, "text/html");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /TypeScript/);
  });

  it("never serves private, followers-only (unsigned), draft or scheduled entries", async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    const hidden: NewEntryInput[] = [
      { audience: "private" },
      { audience: "followers" },
      { audience: "public", action: "draft" },
      { audience: "public", action: "schedule", scheduledAt: tomorrow },
    ];
    for (const input of hidden) {
      const entry = await createEntry(runtime.ctx, ada, { kind: "note", body: "Hidden", ...input });
      assert.equal((await get(`/@ada/${entry.id}`)).status, 404, JSON.stringify(input));
    }
  });

  it("answers 410 Gone for a deleted entry", async () => {
    const entry = await createEntry(runtime.ctx, ada, { kind: "note", body: "Soon gone" });
    assert.equal((await get(`/@ada/${entry.id}`)).status, 200);
    await deleteEntry(runtime.ctx, ada, { id: entry.id });
    const gone = await get(`/@ada/${entry.id}`);
    assert.equal(gone.status, 410);
    assert.equal(((await gone.json()) as { type: string }).type, "Tombstone");
  });

  it("lists public entries in the outbox and counts followers", async () => {
    const outbox = await json("/@ada/outbox");
    assert.equal(outbox.type, "OrderedCollection");
    // Two public entries; the unlisted article, hidden and deleted ones are not listed.
    assert.equal(outbox.totalItems, 2);
    const first = await json(
      new URL(String(outbox.first)).pathname + new URL(String(outbox.first)).search,
    );
    const items = first.orderedItems as {
      type: string;
      object: { audience?: string; to: string };
    }[];
    assert.equal(items.length, 2);
    assert.ok(items.every((item) => item.type === "Create"));
    assert.ok(items.every((item) => PUBLIC.includes(item.object.to)));
    const followers = await json("/@ada/followers");
    assert.equal(followers.totalItems, 0);
    const featured = await json("/@ada/featured");
    assert.equal(featured.type, "OrderedCollection");
  });

  it("attaches ready photos with their alt text, and features pinned entries", async () => {
    const client = await signedInClient(runtime, ada);
    const upload = await uploadFile(client, await jpeg(800, 600), "desk.jpg", "image/jpeg");
    const { id: mediaId } = (await upload.json()) as { id: string };
    await runtime.drainJobs();
    const posted = await client.post("/compose", {
      kind: "photo",
      media: mediaId,
      [`alt-${mediaId}`]: "A tidy desk",
      action: "publish",
    });
    assert.equal(posted.status, 303);
    const entryId = String(posted.headers.get("location")).split("/").pop() ?? "";
    const object = await json(`/@ada/${entryId}`);
    assert.equal(object.type, "Note");
    const attachment = (
      Array.isArray(object.attachment) ? object.attachment[0] : object.attachment
    ) as { type: string; name: string; url: string; width: number; mediaType: string };
    assert.equal(attachment.type, "Image");
    assert.equal(attachment.name, "A tidy desk");
    assert.ok(attachment.url.startsWith(`${ORIGIN}/media/${mediaId}/`));
    assert.ok(attachment.width > 0);
    assert.match(attachment.mediaType, /^image\//);

    await pinEntry(runtime.ctx, ada, entryId);
    const featured = await json("/@ada/featured");
    const items = featured.orderedItems as { id: string } | { id: string }[];
    assert.equal(Array.isArray(items) ? items.length : 1, 1);
    const first = Array.isArray(items) ? items[0] : items;
    assert.equal(first?.id, `${ORIGIN}/@ada/${entryId}`);
  });
});
