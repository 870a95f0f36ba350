import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { storeRemotePost } from "../src/domain/federation/index.ts";
import { queryCaveats, searchEntries } from "../src/domain/search/index.ts";
import { parseQuery } from "../src/domain/search/parse.ts";
import { ANONYMOUS } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post, remoteActor } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Operators only entries have (kind:, prompt:, in:, has:question,
 * is:unanswered) are false on remote posts — even negated — but only for
 * their own branch of an OR: the other branches still find remote posts. A
 * top-level AND with one of them leaves remote posts out.
 */
const CASES: [query: string, expected: string[]][] = [
  // Inside an OR group: the other branch still finds remote posts.
  ["kind:article OR #design", ["article", "designed", "rdesign", "rboth"]],
  ["#design OR kind:article", ["article", "designed", "rdesign", "rboth"]],
  ["prompt:learning OR harbour", ["learning", "rharbour", "rboth"]],
  ["has:question OR #design", ["designed", "rdesign", "rboth"]],
  ["is:unanswered OR #design", ["designed", "rdesign", "rboth"]],
  ["in:my-work OR #design", ["designed", "rdesign", "rboth"]],
  ["-kind:article OR #design", ["learning", "designed", "rdesign", "rboth"]],
  ["kind:article OR harbour #design", ["rboth"]],
  ["kind:article OR harbour", ["article", "rharbour", "rboth"]],
  [
    "kind:article OR prompt:learning OR from:@quin@remote.example",
    ["article", "learning", "rquin"],
  ],
  // A top-level AND with an entry-only operator: no remote post.
  ["#design kind:note", ["designed"]],
  ["harbour -kind:article", []],
  ["#design -prompt:learning", ["designed"]],
  ["#design has:question", []],
  ["harbour is:unanswered", []],
  ["#design in:my-work", []],
  // Only entry-only operators in a group: no remote post either.
  ["kind:article OR prompt:learning", ["article", "learning"]],
  ["#design kind:article OR prompt:learning", []],
  // Without entry-only operators, as before.
  ["#design", ["designed", "rdesign", "rboth"]],
  ["harbour", ["rharbour", "rboth"]],
];

describe("entry-only operators and remote posts", () => {
  let runtime: TestRuntime;
  const names = new Map<string, string>();

  async function remote(name: string, authorId: string, at: string, html: string, tags: string[]) {
    const stored = await storeRemotePost(runtime.ctx, {
      uri: `https://remote.example/posts/${name}`,
      authorId,
      type: "Note",
      url: null,
      name: "",
      summary: "",
      contentHtml: html,
      sensitive: false,
      audience: "public",
      publishedAt: new Date(at),
      updatedAt: null,
      language: "en",
      tags,
    });
    names.set(stored!.id, name);
  }

  before(async () => {
    runtime = await startTestRuntime();
    const ann = await makeMember(runtime.ctx, "ann");
    const pen = await remoteActor(runtime, "pen");
    const quin = await remoteActor(runtime, "quin");
    const entry = async (name: string, body: string, extra: Record<string, string>) =>
      names.set(await post(runtime, ann, body, extra), name);
    await entry("article", "A long read", { kind: "article", title: "Essay" });
    await entry("learning", "What I learned", { prompt: "learning" });
    await entry("designed", "Sketches", { tags: "design" });
    await remote("rdesign", pen, "2026-03-01T10:00:00Z", "<p>Colour studies</p>", ["design"]);
    await remote("rharbour", pen, "2026-03-02T10:00:00Z", "<p>The harbour</p>", []);
    await remote("rboth", pen, "2026-03-03T10:00:00Z", "<p>Harbour signs</p>", ["design"]);
    await remote("rquin", quin, "2026-02-01T10:00:00Z", "<p>Hello</p>", []);
  });
  after(() => runtime.close());

  for (const [query, expected] of CASES) {
    it(`${query} → ${expected.join(", ") || "nothing"}`, async () => {
      for (const sort of ["recent", "relevance"] as const) {
        const results = await searchEntries(runtime.ctx, ANONYMOUS, { q: query, sort, limit: 100 });
        const found = results.hits.map((h) => names.get(h.remote?.id ?? h.entry?.id ?? "") ?? "?");
        assert.deepEqual([...found].sort(), [...expected].sort(), sort);
        assert.equal(results.total.count, expected.length, `${sort}: the count`);
      }
    });
  }

  it("tells the searcher when remote posts cannot match", () => {
    const caveat = (q: string) => queryCaveats(parseQuery(q)).some((c) => /never match/.test(c));
    assert.equal(caveat("from:@pen@remote.example kind:article"), true);
    assert.equal(caveat("from:@pen@remote.example OR kind:article"), false);
  });
});
