import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry, deleteEntry } from "../src/domain/entries/index.ts";
import { follow, unfollow } from "../src/domain/follows.ts";
import { digestFor, insightsFor, updateRhythm } from "../src/domain/reflection/index.ts";
import { addEvidence, createSkill } from "../src/domain/skills/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * The digest and the insights, computed from a seeded March 2026 (the
 * member's zone is UTC, the default): expectations are counted by hand below.
 */

type Prompt = "working-on" | "learning" | "connected" | "inspired" | "helped-by";

describe("digest and insights from a month of activity", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-03-01T09:00:00Z");
  let ada: CurrentUser;
  let bob: CurrentUser;
  let adaBrowser: TestClient;
  let bobBrowser: TestClient;
  const ids: Record<string, string> = {};

  const on = (iso: string) => {
    clock = new Date(iso);
  };
  const write = async (
    name: string,
    when: string,
    fields: {
      prompt?: Prompt;
      title: string;
      tags: string;
      audience?: "public" | "private" | "followers";
    },
    author?: CurrentUser,
    action: "publish" | "draft" = "publish",
  ) => {
    on(when);
    ids[name] = (
      await createEntry(runtime.ctx, author ?? ada, {
        body: `Body of ${fields.title}`,
        audience: fields.audience ?? "public",
        action,
        ...fields,
      })
    ).id;
  };

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    ada = await makeMember(runtime.ctx, "ada");
    bob = await makeMember(runtime.ctx, "bob");
    const cy = await makeMember(runtime.ctx, "cy");
    await makeMember(runtime.ctx, "dee");
    const eve = await makeMember(runtime.ctx, "eve");
    // The week before (2–8 March): #design twice.
    await write("e1", "2026-03-03T10:00:00Z", {
      prompt: "learning",
      title: "Colour theory",
      tags: "design",
    });
    await write("e2", "2026-03-04T10:00:00Z", {
      prompt: "inspired",
      title: "A great talk",
      tags: "design",
    });
    // The week of 9 March.
    await write("e3", "2026-03-09T10:00:00Z", {
      prompt: "learning",
      title: "Learning Figma",
      tags: "Figma",
    });
    await write("e4", "2026-03-10T10:00:00Z", {
      prompt: "working-on",
      title: "Workshop plan",
      tags: "workshops",
    });
    await write("e5", "2026-03-11T10:00:00Z", {
      prompt: "working-on",
      title: "Private doubts",
      tags: "figma",
      audience: "private",
    });
    await write(
      "e6",
      "2026-03-12T10:00:00Z",
      { prompt: "connected", title: "Draft thoughts", tags: "drafttag" },
      ada,
      "draft",
    );
    await write("e7", "2026-03-13T09:00:00Z", {
      prompt: "inspired",
      title: "Deleted later",
      tags: "gone",
    });
    on("2026-03-13T10:00:00Z");
    await deleteEntry(runtime.ctx, ada, { id: ids.e7 ?? "" });
    await write("e8", "2026-03-14T10:00:00Z", { title: "Quick note", tags: "figma" });
    // Another member's entries never count for ada.
    await write(
      "b1",
      "2026-03-10T11:00:00Z",
      { prompt: "learning", title: "Bob secret", tags: "secretbob", audience: "private" },
      bob,
    );
    await write(
      "b2",
      "2026-03-10T12:00:00Z",
      { prompt: "learning", title: "Bob public", tags: "figma" },
      bob,
    );
    // The week of 16 March.
    await write("e9", "2026-03-17T10:00:00Z", {
      prompt: "learning",
      title: "More colour",
      tags: "design",
    });
    // Follows: bob → ada (10th), ada → cy (11th), ada → dee (12th, undone on the 13th), ada → bob (15th), eve → ada (20th).
    on("2026-03-10T08:00:00Z");
    await follow(runtime.ctx, bob, { handle: "ada" });
    on("2026-03-11T08:00:00Z");
    await follow(runtime.ctx, ada, { handle: "cy" });
    on("2026-03-12T08:00:00Z");
    await follow(runtime.ctx, ada, { handle: "dee" });
    on("2026-03-13T08:00:00Z");
    await unfollow(runtime.ctx, ada, { handle: "dee" });
    on("2026-03-15T20:00:00Z");
    await follow(runtime.ctx, ada, { handle: "bob" });
    on("2026-03-20T08:00:00Z");
    await follow(runtime.ctx, eve, { handle: "ada" });
    void cy;
    // Evidence for a skill, added on the 12th.
    on("2026-03-12T09:00:00Z");
    const { slug } = await createSkill(runtime.ctx, ada, { name: "Facilitation" });
    await addEvidence(runtime.ctx, ada, slug, { entryId: ids.e4 });
    on("2026-03-20T12:00:00Z");
    adaBrowser = await signedInClient(runtime, ada);
    bobBrowser = await signedInClient(runtime, bob);
  });
  after(() => runtime.close());

  it("lists the week's own entries by prompt: published only, private ones of her own included", async () => {
    const digest = await digestFor(runtime.ctx, ada, { period: "week", of: "2026-03-11" });
    assert.equal(digest.span.start.toISOString(), "2026-03-09T00:00:00.000Z");
    assert.equal(digest.span.end.toISOString(), "2026-03-16T00:00:00.000Z");
    assert.deepEqual(
      digest.byPrompt.map((group) => [group.prompt, group.entries.map((entry) => entry.title)]),
      [
        ["working-on", ["Workshop plan", "Private doubts"]],
        ["learning", ["Learning Figma"]],
        ["", ["Quick note"]],
      ],
    );
  });

  it("finds the tags that grew against the week before, and never another member's", async () => {
    const digest = await digestFor(runtime.ctx, ada, { period: "week", of: "2026-03-11" });
    // This week: figma 3 (e3, e5, e8), workshops 1; the week before: design 2 — not grown.
    assert.deepEqual(
      digest.tagsGrew.map((row) => [row.tag, row.now, row.before]),
      [
        ["figma", 3, 0],
        ["workshops", 1, 0],
      ],
    );
  });

  it("counts new skill evidence and new follows both ways, without the undone one", async () => {
    const digest = await digestFor(runtime.ctx, ada, { period: "week", of: "2026-03-11" });
    assert.deepEqual(
      digest.skillsGrew.map((skill) => [skill.name, skill.added]),
      [["Facilitation", 1]],
    );
    assert.deepEqual(
      digest.connections.map((person) => [person.handle, person.kinds]),
      [
        ["bob", ["followed-you", "you-followed"]],
        ["cy", ["you-followed"]],
      ],
    );
    const month = await digestFor(runtime.ctx, ada, { period: "month", of: "2026-03-31" });
    assert.equal(month.entries.length, 7);
    assert.deepEqual(month.connections.map((person) => person.handle).sort(), ["bob", "cy", "eve"]);
  });

  it("computes twelve weeks of activity by prompt and the top tags per month", async () => {
    const insights = await insightsFor(runtime.ctx, ada);
    assert.equal(insights.weeks.length, 12);
    assert.equal(insights.weeks.at(-1)?.span.start.toISOString(), "2026-03-16T00:00:00.000Z");
    assert.deepEqual(
      insights.weeks.slice(-3).map((week) => [week.counts, week.total]),
      [
        [{ learning: 1, inspired: 1 }, 2],
        [{ learning: 1, "working-on": 2, "": 1 }, 4],
        [{ learning: 1 }, 1],
      ],
    );
    assert.equal(
      insights.weeks.slice(0, 9).reduce((sum, week) => sum + week.total, 0),
      0,
    );
    const march = insights.months.at(-1);
    assert.deepEqual(
      march?.tags.map((tag) => [tag.tag, tag.count]),
      [
        ["design", 3],
        ["figma", 3],
        ["workshops", 1],
      ],
    );
    assert.deepEqual(
      insights.people.map((person) => [person.handle, person.count]),
      [
        ["bob", 2],
        ["eve", 1],
        ["cy", 1],
      ],
    );
  });

  it("shows the digest page with links, the quiet note, and no one else's entries", async () => {
    const response = await adaBrowser.get("/reflect/digest?period=week&of=2026-03-11");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("cache-control") ?? "", /private/);
    const page = await response.text();
    assert.match(page, /Your digest: the week of 9 March 2026/);
    for (const name of ["e3", "e4", "e5", "e8"])
      assert.ok(page.includes(`/@ada/${ids[name]}`), name);
    for (const name of ["e1", "e6", "e7", "b1", "b2"])
      assert.ok(!page.includes(ids[name] ?? "?"), name);
    assert.doesNotMatch(page, /secretbob|Bob secret|Deleted later|Draft thoughts/);
    assert.match(page, /href="\/@bob">bob Example<\/a>/);
    assert.doesNotMatch(page, /@dee/);
    assert.match(page, /Nobody replied to, answered, shared or liked your work in/);
    assert.match(page, /<button type="submit">Write a reflection<\/button>/);
  });

  it("shows the insights page with an SVG chart, its legend and a table of the same figures", async () => {
    const response = await adaBrowser.get("/reflect/insights");
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /<svg[^>]+role="img"[^>]+aria-labelledby="activity-title"/);
    assert.match(page, /<pattern id="activity-p0"/);
    assert.match(page, /<ul class="chart-legend">/);
    // The table row for the week of 9 March: working-on 2, learning 1, … no prompt 1, total 4.
    assert.match(
      page,
      /<tr><th scope="row">Week of 9 Mar<\/th><td>2<\/td><td>1<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td><td>4<\/td><\/tr>/,
    );
    assert.match(page, /Questions asked and answered/);
    assert.doesNotMatch(page, /secretbob|@dee/);
  });

  it("is private: visitors are sent to sign in, other members see only their own, no public page", async () => {
    for (const path of ["/reflect/digest", "/reflect/insights"]) {
      const visitor = await new TestClient(runtime.app).get(path);
      assert.equal(visitor.status, 303, path);
      assert.match(visitor.headers.get("location") ?? "", /^\/sign-in\?next=/);
    }
    const bobsOwn = await (
      await bobBrowser.get("/reflect/digest?period=week&of=2026-03-11")
    ).text();
    assert.ok(bobsOwn.includes(ids.b1 ?? "?"), "bob sees his own private entry in his digest");
    assert.ok(!bobsOwn.includes(ids.e3 ?? "?"), "and none of ada's");
    assert.equal((await bobBrowser.get("/@ada/insights")).status, 404);
    assert.equal((await bobBrowser.get("/@ada/digest")).status, 404);
    const profile = await (await new TestClient(runtime.app).get("/@ada")).text();
    assert.doesNotMatch(profile, /\/reflect\//);
  });

  it("refuses a bad period or date with 422", async () => {
    assert.equal((await adaBrowser.get("/reflect/digest?period=year")).status, 422);
    assert.equal((await adaBrowser.get("/reflect/digest?of=2026-02-30")).status, 422);
  });

  it("starts a private reflection draft linking the period's entries and opens its editor", async () => {
    const response = await adaBrowser.post("/reflect/digest/reflection", {
      period: "week",
      of: "2026-03-11",
    });
    assert.equal(response.status, 303);
    const location = response.headers.get("location") ?? "";
    const match = /^\/@ada\/([0-9a-f-]{36})\/edit$/.exec(location);
    assert.ok(match, location);
    const [draft] = await runtime.database.sql<
      { status: string; prompt: string; audience: string; body_markdown: string; title: string }[]
    >`select status, prompt, audience, body_markdown, title from entries where id = ${match[1] ?? ""}`;
    assert.equal(draft?.status, "draft");
    assert.equal(draft?.prompt, "reflection");
    assert.equal(draft?.audience, "private");
    assert.equal(draft?.title, "Reflection on the week of 9 March 2026");
    for (const name of ["e3", "e4", "e5", "e8"]) {
      assert.ok(draft?.body_markdown.includes(`http://localhost:3000/@ada/${ids[name]}`), name);
    }
    for (const name of ["e1", "e6", "e7", "b1", "b2", "e9"]) {
      assert.ok(!draft?.body_markdown.includes(ids[name] ?? "?"), name);
    }
    assert.equal((await adaBrowser.get(location)).status, 200);
  });

  it("draws a week's bounds on the member's clock once they pick a zone (Berlin, across DST)", async () => {
    await updateRhythm(runtime.ctx, ada, {
      cadence: "off",
      weekday: "1",
      localTime: "09:00",
      timeZone: "Europe/Berlin",
    });
    const dstWeek = await digestFor(runtime.ctx, ada, { period: "week", of: "2026-03-29" });
    assert.equal(dstWeek.span.start.toISOString(), "2026-03-22T23:00:00.000Z");
    assert.equal(dstWeek.span.end.toISOString(), "2026-03-29T22:00:00.000Z");
    const month = await digestFor(runtime.ctx, ada, { period: "month", of: "2026-10-10" });
    assert.equal(month.span.start.toISOString(), "2026-09-30T22:00:00.000Z");
    assert.equal(month.span.end.toISOString(), "2026-10-31T23:00:00.000Z");
  });
});
