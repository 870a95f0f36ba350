import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** Skills: listing them, typing tags, linking evidence, rating over time, the profile's counts. */

const DAY = 86_400_000;

describe("skills and evidence", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-01-10T12:00:00Z");
  let ada: CurrentUser;
  let owner: TestClient;
  let follower: TestClient;
  const ids: Record<string, string> = {};
  const anonymous = () => new TestClient(runtime.app);

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    ada = await makeMember(runtime.ctx, "ada");
    owner = await signedInClient(runtime, ada);
    const fay = await makeMember(runtime.ctx, "fay");
    await follow(runtime.ctx, fay, { handle: "ada" });
    follower = await signedInClient(runtime, fay);
    const publish = async (
      name: string,
      body: string,
      audience: "public" | "followers" | "private",
    ) => {
      ids[name] = (await createEntry(runtime.ctx, ada, { body, audience, action: "publish" })).id;
    };
    await publish("public", "Ran my first workshop mkpubx #workshops", "public");
    await publish("followers", "Workshop retro for followers mkfolx #workshops", "followers");
    await publish("private", "Private workshop doubts mkprivx #Workshops", "private");
    await publish("other", "Unrelated mkotherx #cooking", "public");
  });
  after(() => runtime?.close());

  it("adds a skill from the form, with its labels, and refuses bad input", async () => {
    const bad = await owner.post("/settings/skills", {
      name: "",
      frameworkUri: "javascript:alert(1)",
      tag: "not a tag!",
    });
    assert.equal(bad.status, 422);
    const page = await bad.text();
    assert.match(page, /Name the skill/);
    assert.match(page, /Use a web address/);
    assert.match(page, /Use one tag/);
    for (const label of ["Skill", "Address", "Description", "Framework reference", "Tag"]) {
      assert.match(page, new RegExp(`<label for="[^"]+">${label}</label>`), label);
    }
    const made = await owner.post("/settings/skills", {
      name: "Facilitating workshops",
      description: "Running sessions people leave with something.",
      frameworkUri: "http://data.europa.eu/esco/skill/abc",
      tag: "#Workshops",
    });
    assert.equal(made.status, 303);
    assert.equal(made.headers.get("location"), "/@ada/skills/facilitating-workshops/edit");
  });

  it("offers entries tagged with a skill-typed tag as evidence", async () => {
    const before = await (await owner.get("/@ada/skills/facilitating-workshops/edit")).text();
    assert.doesNotMatch(before, /Suggested: your entries tagged/);
    const tags = await (await owner.get("/settings/tags")).text();
    assert.match(tags, /<label for="type-workshops">#/);
    assert.match(tags, /<td>3<\/td>/, "three entries carry #workshops");
    const saved = await owner.post("/settings/tags", {
      "type:workshops": "skill",
      "type:cooking": "topic",
    });
    assert.equal(saved.status, 303);
    const rows = await runtime.database.sql<{ tag: string; type: string }[]>`
      select tag, type from tag_types order by tag`;
    assert.deepEqual(
      rows.map((r) => [r.tag, r.type]),
      [
        ["cooking", "topic"],
        ["workshops", "skill"],
      ],
    );
    const after = await (await owner.get("/@ada/skills/facilitating-workshops/edit")).text();
    const start = after.indexOf("Suggested");
    const suggested = after.slice(start, after.indexOf("</ul>", start));
    assert.match(suggested, /Ran my first workshop/);
    assert.match(suggested, /Workshop retro/);
    assert.doesNotMatch(suggested, /Unrelated/);
    const refused = await owner.post("/settings/tags", { "type:nosuchtag": "skill" });
    assert.equal(refused.status, 422);
  });

  it("links evidence with notes and shows each viewer only the evidence they may see", async () => {
    const base = "/@ada/skills/facilitating-workshops";
    for (const name of ["public", "followers", "private"]) {
      const response = await owner.post(`${base}/evidence`, {
        entryId: ids[name],
        note: `note-${name}`,
      });
      assert.equal(response.status, 303, name);
    }
    const bob = await makeMember(runtime.ctx, "bob");
    const bobs = await createEntry(runtime.ctx, bob, { body: "Bob's", action: "publish" });
    const foreign = await owner.post(`${base}/evidence`, { entryId: bobs.id });
    assert.equal(foreign.status, 422);

    const seen = async (client: TestClient) => (await client.get(base)).text();
    const anon = await seen(anonymous());
    assert.match(anon, /mkpubx/);
    assert.match(anon, /note-public/);
    assert.doesNotMatch(anon, /mkfolx|mkprivx|note-followers|note-private/);
    const fan = await seen(follower);
    assert.match(fan, /mkpubx/);
    assert.match(fan, /mkfolx/);
    assert.doesNotMatch(fan, /mkprivx/);
    const own = await seen(owner);
    assert.match(own, /mkprivx/);

    // The profile's counts are counted for the viewer, too.
    assert.match(
      await (await anonymous().get("/@ada")).text(),
      /Facilitating workshops<\/span> <span class="skill-count">1 piece of evidence/,
    );
    assert.match(
      await (await follower.get("/@ada")).text(),
      /<span class="skill-count">2 pieces of evidence/,
    );
    assert.match(
      await (await owner.get("/@ada")).text(),
      /<span class="skill-count">3 pieces of evidence/,
    );

    const removed = await owner.post(`${base}/evidence/${ids.private}/remove`, {});
    assert.equal(removed.status, 303);
    assert.doesNotMatch(await seen(owner), /mkprivx/);
  });

  it("keeps self-ratings over time and draws them", async () => {
    const base = "/@ada/skills/facilitating-workshops";
    for (const [i, rating] of ["2", "3", "4"].entries()) {
      clock = new Date(clock.getTime() + 5 * DAY);
      const response = await owner.post(`${base}/ratings`, { rating, note: `step ${i}` });
      assert.equal(response.headers.get("location"), `${base}/edit#rate`);
    }
    for (const bad of ["0", "6", "2.5", "lots"]) {
      assert.equal((await owner.post(`${base}/ratings`, { rating: bad })).status, 422, bad);
    }
    const page = await (await anonymous().get(base)).text();
    assert.match(page, /<svg viewBox="0 0 480 160"[^>]*role="img"/);
    assert.equal(page.match(/<circle class="skill-chart-point"/g)?.length, 3);
    assert.match(page, /Self-rating:<\/strong> 4 of 5/);
    const rows = [...page.matchAll(/<td>(\d) of 5<\/td><td>(step \d)<\/td>/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    assert.deepEqual(rows, ["2:step 0", "3:step 1", "4:step 2"]);
  });

  it("keeps the editor to the owner and renames and deletes", async () => {
    const bob = await signedInClient(runtime, await makeMember(runtime.ctx, "bob2"));
    assert.equal((await bob.get("/@ada/skills/facilitating-workshops/edit")).status, 404);
    assert.equal(
      (await bob.post("/@ada/skills/facilitating-workshops/ratings", { rating: "5" })).status,
      404,
    );
    const renamed = await owner.post("/@ada/skills/facilitating-workshops/edit", {
      name: "Facilitation",
      slug: "facilitation",
      tag: "workshops",
    });
    assert.equal(renamed.status, 303);
    assert.equal((await anonymous().get("/@ada/skills/facilitation")).status, 200);
    assert.equal((await anonymous().get("/@ada/skills/facilitating-workshops")).status, 404);
    const kept = await owner.post("/@ada/skills/facilitation/delete", {});
    assert.equal(kept.status, 422);
    const gone = await owner.post("/@ada/skills/facilitation/delete", { confirm: "yes" });
    assert.equal(gone.status, 303);
    assert.equal((await anonymous().get("/@ada/skills/facilitation")).status, 404);
    const [row] = await runtime.database.sql<{ n: number }[]>`
      select (select count(*) from skill_ratings) + (select count(*) from skill_evidence) as n`;
    assert.equal(Number(row?.n), 0);
  });
});
