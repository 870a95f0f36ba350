import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** The search and discovery pages, as a browser uses them. */

const mainOf = (page: string) => page.slice(page.indexOf("<main"), page.indexOf("</main>"));

describe("search and discovery pages", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-03-01T10:00:00Z");
  let alice: CurrentUser;
  let bob: CurrentUser;
  let visitor: TestClient;
  let aliceClient: TestClient;

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    alice = await makeMember(runtime.ctx, "alice");
    bob = await makeMember(runtime.ctx, "bob");
    await createEntry(runtime.ctx, alice, {
      kind: "article",
      title: "Onboarding redesign",
      body: "How we explained the onboarding redesign. #prototype #ux",
    });
    await createEntry(runtime.ctx, bob, {
      body: "Bob's onboarding checklist #ux #checklists",
    });
    visitor = new TestClient(runtime.app);
    aliceClient = await signedInClient(runtime, alice);
  });

  after(() => runtime.close());

  it("links to Search from every page header", async () => {
    for (const client of [visitor, aliceClient]) {
      const page = await (await client.get("/")).text();
      assert.match(page, /<nav aria-label="Site"[^>]*>[\s\S]*<a href="\/search">Search<\/a>/);
    }
  });

  it("opens with the query box and the builder, every field labelled", async () => {
    const page = await (await visitor.get("/search")).text();
    for (const label of [
      "Search",
      "Order",
      "All of these words",
      "This exact phrase",
      "Any of these words",
      "None of these words",
      "Tagged",
      "By",
      "Kind",
      "Prompt",
      "Has",
      "In portfolio",
      "Language",
      "Published after",
      "Published before",
      "During (month)",
      "Other terms",
      "Order of results",
    ]) {
      assert.match(
        page,
        new RegExp(`<label for="[^"]+">${label.replace(/[()]/g, "\\$&")}</label>`),
        label,
      );
    }
    assert.match(page, /<details class="query-builder" open>/);
  });

  it("builds the query from the fields, shows it and explains it", async () => {
    const built = await visitor.get(
      "/search?build=1&words=onboarding&tags=%23ux&from=%40alice&kind=article&after=2026-02-01&sort=relevance",
    );
    assert.equal(built.status, 303);
    const location = built.headers.get("location") ?? "";
    const url = new URL(location, "http://x");
    assert.equal(
      url.searchParams.get("q"),
      "onboarding #ux from:@alice kind:article after:2026-02-01",
    );
    assert.equal(url.searchParams.get("sort"), "relevance");
    const page = mainOf(await (await visitor.get(location)).text());
    assert.match(
      page,
      /Query: <code>onboarding #ux from:@alice kind:article after:2026-02-01<\/code>/,
    );
    assert.match(
      page,
      /Article entries containing “onboarding” tagged #ux by @alice after 1 February 2026\./,
    );
    assert.match(page, /1 entry, best match first/);
    assert.match(page, /<mark>onboarding<\/mark>/);
    assert.ok(!page.includes("checklist"), "bob's entry is not a match");
    // The builder comes back filled in from the query.
    assert.match(page, /id="b-words" name="words" type="text" value="onboarding"/);
    assert.match(page, /<option value="article" selected>/);
  });

  it("shows people and tags named like the words", async () => {
    const people = mainOf(await (await visitor.get("/search?q=bob")).text());
    assert.match(people, /<h2 id="people-heading">People<\/h2>[\s\S]*href="\/@bob"/);
    const tags = mainOf(await (await visitor.get("/search?q=check")).text());
    assert.match(tags, /<h2 id="tags-heading">Tags<\/h2>[\s\S]*href="\/tags\/checklists"/);
  });

  it("searches one member's entries from the box on their profile", async () => {
    const profile = await (await visitor.get("/@alice")).text();
    assert.match(profile, /<label for="profile-search">Search @alice's entries<\/label>/);
    const response = await visitor.get("/search?build=1&from=alice&words=onboarding");
    const location = response.headers.get("location") ?? "";
    assert.equal(new URL(location, "http://x").searchParams.get("q"), "onboarding from:@alice");
    const page = mainOf(await (await visitor.get(location)).text());
    assert.match(page, /1 entry/);
    assert.ok(!page.includes("checklist"));
  });

  it("searches one portfolio from the box on its page", async () => {
    const { newId } = await import("../src/domain/ids.ts");
    const sql = runtime.database.sql;
    const [entry] = await sql<
      { id: string }[]
    >`select id from entries where title = 'Onboarding redesign'`;
    const portfolio = newId();
    const section = newId();
    await sql`insert into portfolios (id, owner_id, slug, title, audience)
      values (${portfolio}, ${alice.actorId}, 'best-work', 'Best work', 'public')`;
    await sql`insert into portfolio_sections (id, portfolio_id, position) values (${section}, ${portfolio}, 0)`;
    await sql`insert into portfolio_items (id, portfolio_id, section_id, entry_id, position)
      values (${newId()}, ${portfolio}, ${section}, ${entry?.id ?? ""}, 0)`;
    const page = await (await visitor.get("/@alice/portfolios/best-work")).text();
    assert.match(page, /<label for="portfolio-search">Search this portfolio<\/label>/);
    const response = await visitor.get("/search?build=1&from=alice&in=best-work&words=redesign");
    const location = response.headers.get("location") ?? "";
    assert.equal(
      new URL(location, "http://x").searchParams.get("q"),
      "redesign from:@alice in:best-work",
    );
    const results = mainOf(await (await visitor.get(location)).text());
    assert.match(results, /Entries containing “redesign” by @alice in the portfolio “best-work”/);
    assert.match(results, /1 entry/);
  });

  it("shows a tag's count, related tags and a search inside it", async () => {
    const page = mainOf(await (await visitor.get("/tags/ux")).text());
    assert.match(page, /2 entries you can see/);
    assert.match(page, /href="\/search\?q=%23ux">Search within #ux/);
    assert.match(page, /<h2 id="related-heading">Related tags<\/h2>/);
    assert.match(
      page,
      /href="\/tags\/prototype" rel="tag">#prototype<\/a> <span class="small muted">1/,
    );
    assert.match(page, /href="\/tags\/checklists" rel="tag">#checklists<\/a>/);
  });

  it("saves a search and counts what is new since the last visit", async () => {
    const saved = await aliceClient.post("/search/saved", {
      q: "onboarding",
      sort: "recent",
      name: "Onboarding work",
    });
    assert.equal(saved.status, 303);
    let list = mainOf(await (await aliceClient.get("/search/saved")).text());
    assert.match(list, /Onboarding work<\/a>\s*<span class="small muted">nothing new/);
    const id = /href="\/search\/saved\/([0-9a-f-]{36})"/.exec(list)?.[1] ?? "";

    clock = new Date("2026-03-02T10:00:00Z");
    await createEntry(runtime.ctx, bob, { body: "More onboarding notes, freshly written" });
    await createEntry(runtime.ctx, bob, { body: "Onboarding secrets", audience: "private" });
    list = mainOf(await (await aliceClient.get("/search/saved")).text());
    assert.match(list, /Onboarding work<\/a>\s*<span class="status-badge new-badge">1 new/);
    const landing = mainOf(await (await aliceClient.get("/search")).text());
    assert.match(
      landing,
      /Your saved searches[\s\S]*Onboarding work<\/a>\s*<span class="status-badge new-badge">1 new/,
    );

    clock = new Date("2026-03-03T10:00:00Z");
    const opened = mainOf(await (await aliceClient.get(`/search/saved/${id}`)).text());
    assert.match(opened, /<h1>Onboarding work<\/h1>/);
    assert.equal(opened.match(/new-badge">New</g)?.length, 1, "only the fresh entry is marked");
    assert.ok(!opened.includes("secrets"), "bob's private entry stays his");
    list = mainOf(await (await aliceClient.get("/search/saved")).text());
    assert.match(list, /nothing new/, "opening it marks it seen");

    const bobClient = await signedInClient(runtime, bob);
    assert.equal((await bobClient.get(`/search/saved/${id}`)).status, 404);
    assert.equal((await bobClient.post(`/search/saved/${id}/delete`, {})).status, 404);
    assert.equal((await aliceClient.post(`/search/saved/${id}/delete`, {})).status, 303);
    list = mainOf(await (await aliceClient.get("/search/saved")).text());
    assert.match(list, /No saved searches yet/);
  });

  it("asks visitors to sign in before saving or listing saved searches", async () => {
    const response = await visitor.get("/search/saved");
    assert.equal(response.status, 303);
    assert.match(response.headers.get("location") ?? "", /^\/sign-in\?next=/);
    const page = await (await visitor.get("/search?q=onboarding")).text();
    assert.ok(!page.includes("Save this search"));
  });

  it("lists members in the directory only once they opt in, with people to follow", async () => {
    const settingsForm = async (client: TestClient, listed: boolean) => {
      await client.ensureCsrf();
      const form = new FormData();
      for (const [name, value] of Object.entries({
        displayName: "Bob Builder",
        headline: "Builds onboarding checklists",
        bio: "",
        locale: "en",
        ...(listed ? { listedInDirectory: "1" } : {}),
      })) {
        form.append(name, value);
      }
      form.append("_csrf", client.csrfToken);
      return client.request("/settings/profile", { method: "POST", body: form });
    };
    const bobClient = await signedInClient(runtime, bob);
    let directory = mainOf(await (await visitor.get("/directory")).text());
    assert.match(directory, /Nobody is listed yet/);

    assert.equal((await settingsForm(bobClient, true)).status, 303);
    const settings = await (await bobClient.get("/settings/profile")).text();
    assert.match(settings, /id="listedInDirectory" name="listedInDirectory" value="1" checked/);
    assert.match(
      settings,
      /<label for="listedInDirectory">List me in the member directory<\/label>/,
    );

    directory = mainOf(await (await visitor.get("/directory")).text());
    assert.match(directory, /Bob Builder[\s\S]*Builds onboarding checklists/);
    assert.match(directory, /href="\/tags\/ux" rel="tag">#ux/);
    const filtered = mainOf(await (await visitor.get("/directory?q=checklists")).text());
    assert.match(filtered, /Bob Builder/);
    const none = mainOf(await (await visitor.get("/directory?q=zzz")).text());
    assert.match(none, /No listed member matches/);

    const forAlice = mainOf(await (await aliceClient.get("/directory")).text());
    assert.match(
      forAlice,
      /People to follow[\s\S]*Bob Builder[\s\S]*recent entr(y|ies) on your tags/,
    );

    assert.equal((await settingsForm(bobClient, false)).status, 303);
    directory = mainOf(await (await visitor.get("/directory")).text());
    assert.match(directory, /Nobody is listed yet/);
  });
});
