import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createMember } from "../src/domain/accounts/members.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import { TestClient } from "./helpers/client.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";
import { findAll, findOne, parseXml } from "./helpers/xml.ts";

const ORIGIN = "http://localhost:3000";
const TRICKY_TITLE = `Tips & <tricks> for "feeds"`;

describe("feeds", () => {
  let runtime: TestRuntime;
  let client: TestClient;
  const ids: string[] = [];

  before(async () => {
    runtime = await startTestRuntime();
    client = new TestClient(runtime.app);
    const fiona = await createMember(runtime.ctx, {
      handle: "fiona",
      email: "fiona@example.org",
      password: "correct horse battery",
      displayName: "Fiona & <Co>",
    });
    const entries = [
      { kind: "article", title: TRICKY_TITLE, body: "Use **Atom** & RSS <3 #FeedCraft" },
      {
        kind: "note",
        body: "A note with a control character \u0001 and a [link](https://example.org/a?b=1&c=2) #feedcraft",
      },
      {
        kind: "link",
        linkUrl: "https://example.org/talk",
        body: "Worth a look #feedcraft",
        contentWarning: "Long & loud",
      },
    ] as const;
    for (const entry of entries)
      ids.push((await createEntry(runtime.ctx, fiona, { ...entry, audience: "public" })).id);
  });
  after(() => runtime.close());

  for (const [name, path] of [
    ["profile", "/@fiona"],
    ["tag", "/tags/feedcraft"],
  ] as const) {
    it(`the ${name} Atom feed is well-formed Atom with absolute links and escaped text`, async () => {
      const response = await client.get(`${path}/feed.atom`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "application/atom+xml; charset=utf-8");
      const body = await response.text();
      const feed = parseXml(body);
      assert.equal(feed.name, "feed");
      assert.equal(feed.attributes.xmlns, "http://www.w3.org/2005/Atom");
      const self = findAll(feed, "link").find((l) => l.attributes.rel === "self");
      assert.equal(self?.attributes.href, `${ORIGIN}${path}/feed.atom`);
      assert.ok(!Number.isNaN(Date.parse(findOne(feed, "updated").text)));
      const entries = findAll(feed, "entry");
      assert.equal(entries.length, 3);
      for (const entry of entries) {
        assert.match(findOne(entry, "id").text, /^http:\/\/localhost:3000\/@fiona\/[0-9a-f-]{36}$/);
        assert.ok(findOne(entry, "link").attributes.href?.startsWith(`${ORIGIN}/@fiona/`));
        assert.equal(findOne(entry, "content").attributes.type, "html");
        assert.equal(findOne(findOne(entry, "author"), "name").text, "Fiona & <Co>");
        assert.ok(!Number.isNaN(Date.parse(findOne(entry, "published").text)));
      }
      const titles = entries.map((e) => findOne(e, "title").text);
      assert.ok(titles.includes(TRICKY_TITLE));
      assert.ok(body.includes("Tips &amp; &lt;tricks&gt; for &quot;feeds&quot;"));
      const html = entries.map((e) => findOne(e, "content").text).join("\n");
      assert.match(html, /<strong>Atom<\/strong> &amp; RSS &lt;3/);
      assert.match(
        html,
        /href="http:\/\/localhost:3000\/tags\/feedcraft"/,
        "hashtag links are absolute",
      );
      assert.match(html, /href="https:\/\/example.org\/a\?b=1&amp;c=2"/);
      assert.ok(!html.includes("\u0001"));
      assert.match(html, /Content warning: Long &amp; loud/);
    });

    it(`the ${name} RSS feed is well-formed RSS 2.0 with absolute links`, async () => {
      const response = await client.get(`${path}/feed.rss`);
      assert.equal(response.headers.get("content-type"), "application/rss+xml; charset=utf-8");
      const rss = parseXml(await response.text());
      assert.equal(rss.name, "rss");
      assert.equal(rss.attributes.version, "2.0");
      const channel = findOne(rss, "channel");
      assert.equal(findOne(channel, "link").text, `${ORIGIN}${path}`);
      assert.equal(findOne(channel, "atom:link").attributes.href, `${ORIGIN}${path}/feed.rss`);
      const items = findAll(channel, "item");
      assert.equal(items.length, 3);
      for (const item of items) {
        assert.ok(findOne(item, "link").text.startsWith(`${ORIGIN}/@fiona/`));
        assert.equal(findOne(item, "guid").text, findOne(item, "link").text);
        assert.match(
          findOne(item, "pubDate").text,
          /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
        );
      }
      assert.ok(items.some((item) => findOne(item, "title").text === TRICKY_TITLE));
      assert.ok(
        items.some((item) => findOne(item, "description").text.includes("<strong>Atom</strong>")),
      );
    });

    it(`the ${name} JSON Feed is JSON Feed 1.1 with absolute links`, async () => {
      const response = await client.get(`${path}/feed.json`);
      assert.equal(response.headers.get("content-type"), "application/feed+json; charset=utf-8");
      const feed = JSON.parse(await response.text());
      assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
      assert.equal(feed.home_page_url, `${ORIGIN}${path}`);
      assert.equal(feed.feed_url, `${ORIGIN}${path}/feed.json`);
      assert.equal(feed.items.length, 3);
      for (const item of feed.items) {
        assert.ok(item.url.startsWith(`${ORIGIN}/@fiona/`));
        assert.equal(item.id, item.url);
        assert.equal(typeof item.content_html, "string");
        assert.ok(!Number.isNaN(Date.parse(item.date_published)));
        assert.deepEqual(item.authors, [{ name: "Fiona & <Co>", url: `${ORIGIN}/@fiona` }]);
      }
      const article = feed.items.find((item: { title: string }) => item.title === TRICKY_TITLE);
      assert.ok(article);
      assert.deepEqual(article.tags, ["FeedCraft"]);
      const link = feed.items.find((item: { external_url?: string }) => item.external_url);
      assert.equal(link.external_url, "https://example.org/talk");
      assert.equal(link.summary, "Content warning: Long & loud");
    });
  }

  it("pages link their three feeds with <link rel=alternate>", async () => {
    for (const path of ["/@fiona", "/tags/feedcraft"]) {
      const page = await (await client.get(path)).text();
      assert.ok(page.includes(`<link rel="alternate" type="application/atom+xml"`), path);
      assert.match(page, new RegExp(`type="application/rss\\+xml"[^>]*href="${path}/feed.rss"`));
      assert.match(page, new RegExp(`type="application/feed\\+json"[^>]*href="${path}/feed.json"`));
    }
  });

  it("an empty tag feed is still well-formed; unknown profiles and impossible tags are 404", async () => {
    const empty = parseXml(await (await client.get("/tags/nothinghere/feed.atom")).text());
    assert.equal(findAll(empty, "entry").length, 0);
    assert.equal(
      findAll(parseXml(await (await client.get("/tags/nothinghere/feed.rss")).text()), "item")
        .length,
      0,
    );
    assert.deepEqual(
      JSON.parse(await (await client.get("/tags/nothinghere/feed.json")).text()).items,
      [],
    );
    for (const format of ["atom", "rss", "json"]) {
      assert.equal((await client.get(`/@nobody/feed.${format}`)).status, 404);
      assert.equal((await client.get(`/tags/no%20tag/feed.${format}`)).status, 404);
    }
  });
});
