import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** Building a portfolio through its pages: create, sections, items, captions, order. */

async function publish(
  runtime: TestRuntime,
  author: CurrentUser,
  body: string,
  audience: "public" | "followers" = "public",
) {
  const saved = await createEntry(runtime.ctx, author, { body, audience, action: "publish" });
  return saved.id;
}

/** Item ids of a portfolio per section, in order, straight from the database. */
async function order(runtime: TestRuntime, slug: string) {
  return runtime.database.sql<{ section: string; item: string; position: number; entry: string }[]>`
    select s.id as section, i.id as item, i.position, i.entry_id as entry
    from portfolio_items i join portfolio_sections s on s.id = i.section_id
    join portfolios p on p.id = i.portfolio_id
    where p.slug = ${slug} order by s.position, i.position`;
}

describe("editing a portfolio", () => {
  let runtime: TestRuntime;
  let ada: CurrentUser;
  let client: TestClient;
  const entries: string[] = [];

  before(async () => {
    runtime = await startTestRuntime();
    ada = await makeMember(runtime.ctx, "ada");
    client = await signedInClient(runtime, ada);
    for (const n of [1, 2, 3, 4])
      entries.push(await publish(runtime, ada, `Entry number ${n} zq${n}q`));
    entries.push(await publish(runtime, ada, "A followers-only entry zqfq", "followers"));
  });
  after(() => runtime?.close());

  it("creates a portfolio from the form and lands in its editor", async () => {
    const response = await client.post("/portfolios/new", {
      title: "For design roles",
      intro: "What I *built*.",
      layout: "story",
      audience: "public",
    });
    assert.equal(response.status, 303);
    assert.match(
      response.headers.get("location") ?? "",
      /^\/@ada\/portfolios\/for-design-roles\/edit/,
    );
    const editor = await client.get("/@ada/portfolios/for-design-roles/edit");
    assert.equal(editor.status, 200);
    const page = await editor.text();
    assert.match(page, /Edit “For design roles”/);
    assert.match(page, /<label for="entryId">Entry<\/label>/);
  });

  it("re-renders the form with messages for bad input, writing nothing", async () => {
    const response = await client.post("/portfolios/new", { title: "  ", audience: "everyone" });
    assert.equal(response.status, 422);
    const page = await response.text();
    assert.match(page, /Give the portfolio a title/);
    assert.match(page, /Choose who can see this portfolio/);
    const [row] = await runtime.database.sql<
      { n: number }[]
    >`select count(*)::int as n from portfolios`;
    assert.equal(row?.n, 1);
  });

  async function sections(slug: string) {
    const rows = await runtime.database.sql<{ id: string; title: string }[]>`
      select s.id, s.title from portfolio_sections s join portfolios p on p.id = s.portfolio_id
      where p.slug = ${slug} order by s.position`;
    return rows;
  }
  const base = "/@ada/portfolios/for-design-roles";

  it("adds entries with captions, each at the end of its section", async () => {
    const [first] = await sections("for-design-roles");
    for (const [i, id] of entries.slice(0, 3).entries()) {
      const response = await client.post(`${base}/items`, {
        entryId: id,
        sectionId: first?.id,
        caption: i === 0 ? "Why: <script>alert(1)</script> **it shipped**" : "",
      });
      assert.equal(response.status, 303, `item ${i}`);
    }
    const rows = await order(runtime, "for-design-roles");
    assert.deepEqual(
      rows.map((r) => [r.entry, r.position]),
      entries.slice(0, 3).map((id, i) => [id, i]),
    );
    const page = await (await client.get(base)).text();
    assert.match(page, /<strong>it shipped<\/strong>/);
    assert.doesNotMatch(page, /<script>alert/);
    assert.ok(
      page.indexOf("zq1q") < page.indexOf("zq2q") && page.indexOf("zq2q") < page.indexOf("zq3q"),
    );
  });

  it("asks before showing an entry less visible than the portfolio, and says who will see it", async () => {
    const [first] = await sections("for-design-roles");
    const fields = { entryId: entries[4], sectionId: first?.id, caption: "" };
    const refused = await client.post(`${base}/items`, fields);
    assert.equal(refused.status, 422);
    const page = await refused.text();
    assert.match(page, /This entry is for your followers only/);
    assert.match(page, /anyone on the web/);
    assert.match(page, /<label for="confirm">Show it in this portfolio<\/label>/);
    assert.equal((await order(runtime, "for-design-roles")).length, 3);
    const confirmed = await client.post(`${base}/items`, { ...fields, confirm: "yes" });
    assert.equal(confirmed.status, 303);
    assert.equal((await order(runtime, "for-design-roles")).length, 4);
  });

  it("refuses an entry twice, someone else's entry, and a draft", async () => {
    const [first] = await sections("for-design-roles");
    const again = await client.post(`${base}/items`, { entryId: entries[0], sectionId: first?.id });
    assert.equal(again.status, 409);
    const bob = await makeMember(runtime.ctx, "bob");
    const bobs = await publish(runtime, bob, "Bob's entry");
    const foreign = await client.post(`${base}/items`, { entryId: bobs, sectionId: first?.id });
    assert.equal(foreign.status, 422);
    assert.match(await foreign.text(), /Choose one of your published entries/);
    const draft = await createEntry(runtime.ctx, ada, { body: "draft", action: "draft" });
    const drafted = await client.post(`${base}/items`, { entryId: draft.id, sectionId: first?.id });
    assert.equal(drafted.status, 422);
    assert.equal((await order(runtime, "for-design-roles")).length, 4);
  });

  it("moves items up and down without JavaScript", async () => {
    const before = await order(runtime, "for-design-roles");
    const second = before[1]?.item;
    const up = await client.post(`${base}/items/${second}/move`, { direction: "up" });
    assert.equal(up.status, 303);
    const after = await order(runtime, "for-design-roles");
    assert.deepEqual(
      after.map((r) => r.item),
      [before[1], before[0], before[2], before[3]].map((r) => r?.item),
    );
    assert.deepEqual(
      after.map((r) => r.position),
      [0, 1, 2, 3],
    );
    const bad = await client.post(`${base}/items/${second}/move`, { direction: "sideways" });
    assert.equal(bad.status, 422);
  });

  it("adds a section and moves an item into it with its caption form", async () => {
    const added = await client.post(`${base}/sections`, { title: "Teaching" });
    assert.equal(added.status, 303);
    const [, teaching] = await sections("for-design-roles");
    assert.equal(teaching?.title, "Teaching");
    const [item] = await order(runtime, "for-design-roles");
    const moved = await client.post(`${base}/items/${item?.item}`, {
      sectionId: teaching?.id,
      caption: "Now in teaching",
    });
    assert.equal(moved.status, 303);
    const rows = await order(runtime, "for-design-roles");
    const inTeaching = rows.filter((r) => r.section === teaching?.id);
    assert.deepEqual(
      inTeaching.map((r) => r.item),
      [item?.item],
    );
    const rest = rows.filter((r) => r.section !== teaching?.id);
    assert.deepEqual(
      rest.map((r) => r.position),
      [0, 1, 2],
    );
  });

  it("reorders by drag and drop (JSON) and keeps the order consistent under two requests at once", async () => {
    const [first] = await sections("for-design-roles");
    const ids = (await order(runtime, "for-design-roles"))
      .filter((r) => r.section === first?.id)
      .map((r) => r.item);
    const reversed = [...ids].reverse();
    const response = await client.request(`${base}/sections/${first?.id}/items/order`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": client.csrfToken },
      body: JSON.stringify({ ids: reversed }),
    });
    assert.equal(response.status, 204);
    const now = (await order(runtime, "for-design-roles")).filter((r) => r.section === first?.id);
    assert.deepEqual(
      now.map((r) => r.item),
      reversed,
    );

    // Two moves at once: each runs whole, one after the other, whatever the interleaving.
    const [a, b] = [now[0]?.item, now[2]?.item];
    const results = await Promise.all([
      client.post(`${base}/items/${a}/move`, { direction: "down" }),
      client.post(`${base}/items/${b}/move`, { direction: "up" }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      [303, 303],
    );
    const final = (await order(runtime, "for-design-roles")).filter((r) => r.section === first?.id);
    assert.deepEqual(
      final.map((r) => r.position),
      [0, 1, 2],
    );
    assert.deepEqual(new Set(final.map((r) => r.item)), new Set(reversed));
    // From [x, y, z]: x down then z up gives [y, z, x]; z up then x down gives [z, x, y].
    const [x, y, z] = reversed;
    const serial = [[y, z, x].join(), [z, x, y].join()];
    assert.ok(serial.includes(final.map((r) => r.item).join()), "a serial order");

    // Two full reorders at once: the result is exactly one of them.
    const one = [...reversed];
    const two = [reversed[1], reversed[2], reversed[0]] as string[];
    await Promise.all(
      [one, two].map((list) =>
        client.request(`${base}/sections/${first?.id}/items/order`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": client.csrfToken },
          body: JSON.stringify({ ids: list }),
        }),
      ),
    );
    const last = (await order(runtime, "for-design-roles")).filter((r) => r.section === first?.id);
    assert.ok([one.join(), two.join()].includes(last.map((r) => r.item).join()));
    assert.deepEqual(
      last.map((r) => r.position),
      [0, 1, 2],
    );
  });

  it("reorders sections, renames and removes one (its items leave the portfolio, not the journal)", async () => {
    const [first, second] = await sections("for-design-roles");
    const moved = await client.post(`${base}/sections/${second?.id}/move`, { direction: "up" });
    assert.equal(moved.status, 303);
    assert.deepEqual(
      (await sections("for-design-roles")).map((s) => s.id),
      [second?.id, first?.id],
    );
    const renamed = await client.post(`${base}/sections/${first?.id}`, { title: "Design" });
    assert.equal(renamed.status, 303);
    const removed = await client.post(`${base}/sections/${second?.id}/remove`, {});
    assert.equal(removed.status, 303);
    assert.deepEqual(
      (await sections("for-design-roles")).map((s) => s.title),
      ["Design"],
    );
    const [entriesLeft] = await runtime.database.sql<
      { n: number }[]
    >`select count(*)::int as n from entries`;
    assert.ok((entriesLeft?.n ?? 0) >= 5);
    const last = await client.post(`${base}/sections/${first?.id}/remove`, {});
    assert.equal(last.status, 422);
  });

  it("keeps the editor and its forms to the owner", async () => {
    const bob = await makeMember(runtime.ctx, "bob2");
    const other = await signedInClient(runtime, bob);
    assert.equal((await other.get(`${base}/edit`)).status, 404);
    const [first] = await sections("for-design-roles");
    assert.equal(
      (await other.post(`${base}/items`, { entryId: entries[3], sectionId: first?.id })).status,
      404,
    );
    const { TestClient } = await import("./helpers/client.ts");
    const anonymous = new TestClient(runtime.app);
    const response = await anonymous.get(`${base}/edit`);
    assert.equal(response.status, 303);
    assert.match(response.headers.get("location") ?? "", /^\/sign-in\?next=/);
  });

  it("answers bad and hostile input with clear 4xx and writes nothing", async () => {
    const [first] = await sections("for-design-roles");
    const before = await order(runtime, "for-design-roles");
    const long = await client.post(`${base}/items/${before[0]?.item}`, {
      sectionId: first?.id,
      caption: "x".repeat(2001),
    });
    assert.equal(long.status, 422);
    assert.match(await long.text(), /Use at most 2,000 characters/);
    const title = await client.post(`${base}/edit`, { title: "t".repeat(121), audience: "public" });
    assert.equal(title.status, 422);
    const slug = await client.post(`${base}/edit`, {
      title: "Ok",
      slug: "../../etc",
      audience: "public",
    });
    assert.equal(slug.status, 422);
    assert.equal(
      (await client.post(`${base}/items/not-a-uuid/move`, { direction: "up" })).status,
      404,
    );
    assert.equal((await client.get("/@ada/portfolios/%3Cscript%3E")).status, 404);
    const json = (body: string) =>
      client.request(`${base}/sections/${first?.id}/items/order`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-csrf-token": client.csrfToken,
          accept: "application/json",
        },
        body,
      });
    assert.equal((await json("{not json")).status, 422);
    assert.equal((await json(JSON.stringify({ ids: ["x"] }))).status, 422);
    assert.equal((await json(JSON.stringify({ ids: [crypto.randomUUID()] }))).status, 404);
    const noCsrf = await client.request(`${base}/sections/${first?.id}/items/order`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ids: before.map((r) => r.item) }),
    });
    assert.equal(noCsrf.status, 403);
    assert.deepEqual(await order(runtime, "for-design-roles"), before);
  });
});
