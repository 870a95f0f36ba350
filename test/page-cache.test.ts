import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect } from "../src/db/client.ts";
import { createEntry, updateEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

describe("the page cache for anonymous visitors", () => {
  let runtime: TestRuntime;
  let author: CurrentUser;
  let visitor: TestClient;
  let entryId: string;

  before(async () => {
    runtime = await startTestRuntime();
    author = await makeMember(runtime.ctx, "cachy");
    const saved = await createEntry(runtime.ctx, author, {
      action: "publish",
      body: "First public words ZEBRA1",
      audience: "public",
    });
    entryId = saved.id;
    visitor = new TestClient(runtime.app);
  });
  after(() => runtime.close());

  it("serves a public page from memory the second time", async () => {
    const first = await visitor.get("/@cachy");
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("x-cache"), "miss");
    const second = await visitor.get("/@cachy");
    assert.equal(second.headers.get("x-cache"), "hit");
    assert.equal(await second.text(), await first.text());
    // Security headers are still set on a cached answer.
    assert.match(second.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
  });

  it("forgets everything when a write commits in this process", async () => {
    await visitor.get("/@cachy");
    await createEntry(runtime.ctx, author, {
      action: "publish",
      body: "Second public words ZEBRA2",
      audience: "public",
    });
    const page = await visitor.get("/@cachy");
    assert.equal(page.headers.get("x-cache"), "miss");
    assert.match(await page.text(), /ZEBRA2/);
  });

  it("never shows an entry made private after its page was cached", async () => {
    assert.equal((await visitor.get(`/@cachy/${entryId}`)).status, 200);
    assert.equal((await visitor.get(`/@cachy/${entryId}`)).headers.get("x-cache"), "hit");
    await updateEntry(runtime.ctx, author, {
      id: entryId,
      action: "save",
      body: "First public words ZEBRA1",
      audience: "private",
    });
    assert.equal((await visitor.get(`/@cachy/${entryId}`)).status, 404);
    assert.doesNotMatch(await (await visitor.get("/@cachy")).text(), /ZEBRA1/);
    assert.doesNotMatch(await (await visitor.get("/@cachy/feed.atom")).text(), /ZEBRA1/);
  });

  it("forgets everything when another process announces a write", async () => {
    await visitor.get("/@cachy");
    assert.equal((await visitor.get("/@cachy")).headers.get("x-cache"), "hit");
    // Another Outloud process: its own connection, a write, the NOTIFY at commit.
    const other = connect(runtime.database.url, { max: 1 }).sql;
    await other.begin(async (tx) => {
      await tx`update actors set headline = 'Changed elsewhere QUAGGA' where handle = 'cachy'`;
      await tx`select pg_notify('outloud_changes', 'another-process')`;
    });
    await other.end();
    // The notification arrives asynchronously: wait for it (bounded), then check the page.
    let text = "";
    for (let attempt = 0; attempt < 100 && !text.includes("QUAGGA"); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      text = await (await visitor.get("/@cachy")).text();
    }
    assert.match(text, /QUAGGA/);
  });

  it("never caches what a signed-in member sees", async () => {
    const member = await signedInClient(runtime, author);
    const first = await member.get("/@cachy");
    const second = await member.get("/@cachy");
    assert.equal(first.headers.get("x-cache"), null);
    assert.equal(second.headers.get("x-cache"), null);
  });

  it("never caches pages with forms, or other paths", async () => {
    await visitor.get("/sign-in");
    assert.equal((await visitor.get("/sign-in")).headers.get("x-cache"), null);
    await visitor.get("/@cachy?share=abc");
    assert.equal((await visitor.get("/@cachy?share=abc")).headers.get("x-cache"), null);
  });

  it("can be turned off with PAGE_CACHE_SECONDS=0", async () => {
    const uncached = await startTestRuntime({ PAGE_CACHE_SECONDS: "0" });
    try {
      await makeMember(uncached.ctx, "plain");
      const client = new TestClient(uncached.app);
      await client.get("/@plain");
      assert.equal((await client.get("/@plain")).headers.get("x-cache"), null);
    } finally {
      await uncached.close();
    }
  });
});
