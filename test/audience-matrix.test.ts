import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { TestClient } from "./helpers/client.ts";
import { TestClient as Client } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * The audience matrix: every kind of entry × every kind of viewer × every
 * channel. Each cell is written out below; the loop only reads the table.
 *
 * Columns: profile page, permalink (200 or 404), tag page, the viewer's
 * journal, and the profile and tag feeds in Atom, RSS and JSON Feed.
 * "Y" = the entry's marker appears (or 200), "-" = it does not (or 404).
 */
const COLUMNS = ["profile", "permalink", "tag", "journal", "atom", "rss", "json"] as const;
type Column = (typeof COLUMNS)[number];
const VIEWERS = ["anonymous", "stranger", "follower", "author"] as const;
type ViewerName = (typeof VIEWERS)[number];
const CASES = ["public", "unlisted", "followers", "private", "draft", "scheduled"] as const;
type Case = (typeof CASES)[number];

// Cells, in order: profile, permalink, tag, journal, atom, rss, json.
const EXPECTED: Record<Case, Record<ViewerName, string>> = {
  public: {
    anonymous: "Y Y Y - Y Y Y",
    stranger: "Y Y Y - Y Y Y",
    follower: "Y Y Y - Y Y Y",
    author: "Y Y Y Y Y Y Y",
  },
  unlisted: {
    anonymous: "- Y - - - - -",
    stranger: "- Y - - - - -",
    follower: "- Y - - - - -",
    author: "Y Y Y Y - - -",
  },
  followers: {
    anonymous: "- - - - - - -",
    stranger: "- - - - - - -",
    follower: "Y Y Y - - - -",
    author: "Y Y Y Y - - -",
  },
  private: {
    anonymous: "- - - - - - -",
    stranger: "- - - - - - -",
    follower: "- - - - - - -",
    author: "Y Y Y Y - - -",
  },
  draft: {
    anonymous: "- - - - - - -",
    stranger: "- - - - - - -",
    follower: "- - - - - - -",
    author: "- Y - Y - - -",
  },
  scheduled: {
    anonymous: "- - - - - - -",
    stranger: "- - - - - - -",
    follower: "- - - - - - -",
    author: "- Y - Y - - -",
  },
};

function expectation(entry: Case, viewer: ViewerName, column: Column): boolean {
  const cells = EXPECTED[entry][viewer].split(" ");
  assert.equal(cells.length, COLUMNS.length, `row ${entry}/${viewer} has ${COLUMNS.length} cells`);
  return cells[COLUMNS.indexOf(column)] === "Y";
}

/** A word found only in this entry's title and body. */
const marker = (entry: Case) => `mk${entry}x`;

describe("the audience matrix", () => {
  let runtime: TestRuntime;
  const clients = {} as Record<ViewerName, TestClient>;
  const ids = {} as Record<Case, string>;

  before(async () => {
    runtime = await startTestRuntime();
    const ctx = runtime.ctx;
    const author = await makeMember(ctx, "author");
    const follower = await makeMember(ctx, "follower");
    const stranger = await makeMember(ctx, "stranger");
    await follow(ctx, follower, { handle: "author" });
    clients.anonymous = new Client(runtime.app);
    clients.stranger = await signedInClient(runtime, stranger);
    clients.follower = await signedInClient(runtime, follower);
    clients.author = await signedInClient(runtime, author);
    for (const entry of CASES) {
      const audience = ["draft", "scheduled"].includes(entry) ? "public" : entry;
      const action = entry === "draft" ? "draft" : entry === "scheduled" ? "schedule" : "publish";
      const saved = await createEntry(ctx, author, {
        kind: "article",
        title: `Title ${marker(entry)}`,
        body: `Body ${marker(entry)} #matrix`,
        audience: audience as "public",
        action,
        scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      ids[entry] = saved.id;
    }
  });
  after(() => runtime.close());

  async function text(client: TestClient, path: string): Promise<string> {
    return (await client.get(path)).text();
  }

  for (const viewer of VIEWERS) {
    it(`as the ${viewer} viewer, every cell holds`, async () => {
      const client = clients[viewer];
      const pages: Record<Exclude<Column, "permalink">, string> = {
        profile: await text(client, "/@author"),
        tag: await text(client, "/tags/matrix"),
        journal: await text(client, "/journal"),
        atom:
          (await text(client, "/@author/feed.atom")) +
          (await text(client, "/tags/matrix/feed.atom")),
        rss:
          (await text(client, "/@author/feed.rss")) + (await text(client, "/tags/matrix/feed.rss")),
        json:
          (await text(client, "/@author/feed.json")) +
          (await text(client, "/tags/matrix/feed.json")),
      };
      for (const entry of CASES) {
        const word = marker(entry);
        for (const column of COLUMNS) {
          const expected = expectation(entry, viewer, column);
          const where = `${entry} entry, ${viewer} viewer, ${column}`;
          if (column === "permalink") {
            const response = await client.get(`/@author/${ids[entry]}`);
            const page = await response.text();
            assert.equal(response.status, expected ? 200 : 404, where);
            const title = /<title>([^<]*)<\/title>/.exec(page)?.[1] ?? "";
            const og = /<meta property="og:title" content="([^"]*)">/.exec(page)?.[1] ?? "";
            if (expected) {
              assert.ok(title.includes(word), `${where}: the page title names it`);
              assert.ok(og.includes(word), `${where}: og:title names it`);
            } else {
              assert.ok(!page.includes(word), `${where}: the 404 reveals nothing`);
              assert.ok(!page.includes("og:title"), `${where}: no OpenGraph on a 404`);
              assert.ok(!page.includes("author Example"), `${where}: not even the author`);
            }
          } else {
            assert.equal(pages[column].includes(word), expected, where);
          }
        }
      }
    });
  }

  it("a wrong handle in the permalink finds nothing, even for the author", async () => {
    const response = await clients.author.get(`/@stranger/${ids.public}`);
    assert.equal(response.status, 404);
    assert.ok(!(await response.text()).includes(marker("public")));
  });
});
