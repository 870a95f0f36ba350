import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import { createPortfolio } from "../src/domain/portfolios/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** The profile's showcase: pinned entries (at most five) and the portfolios each viewer may see. */

describe("pinned entries and portfolios on the profile", () => {
  let runtime: TestRuntime;
  let ada: CurrentUser;
  let owner: TestClient;
  let follower: TestClient;
  const ids: string[] = [];
  const anonymous = () => new TestClient(runtime.app);

  /** The part of the profile page between two headings. */
  const between = (page: string, from: string, to: string) =>
    page.slice(page.indexOf(from), page.indexOf(to, page.indexOf(from)));

  before(async () => {
    runtime = await startTestRuntime();
    ada = await makeMember(runtime.ctx, "ada");
    owner = await signedInClient(runtime, ada);
    const fay = await makeMember(runtime.ctx, "fay");
    await follow(runtime.ctx, fay, { handle: "ada" });
    follower = await signedInClient(runtime, fay);
    const audiences = [
      "public",
      "public",
      "public",
      "public",
      "followers",
      "private",
      "public",
    ] as const;
    for (const [i, audience] of audiences.entries()) {
      const entry = await createEntry(runtime.ctx, ada, {
        body: `Pin me mkpin${i}x`,
        audience,
        action: "publish",
      });
      ids.push(entry.id);
    }
    for (const audience of ["public", "unlisted", "followers", "private"] as const) {
      await createPortfolio(runtime.ctx, ada, {
        title: `Showcase ${audience} mkport${audience}x`,
        slug: audience,
        audience,
      });
    }
  });
  after(() => runtime?.close());

  it("pins up to five entries and refuses a sixth", async () => {
    for (const id of ids.slice(0, 5)) {
      const response = await owner.post(`/settings/pinned/${id}/pin`, {});
      assert.equal(response.status, 303);
    }
    const sixth = await owner.post(`/settings/pinned/${ids[5]}/pin`, {});
    assert.equal(sixth.status, 409);
    assert.match(await sixth.text(), /You can pin at most 5 entries/);
    const [row] = await runtime.database.sql<
      { n: number }[]
    >`select count(*)::int as n from pinned_entries`;
    assert.equal(row?.n, 5);
  });

  it("shows pins first, in their order, each only to viewers its own audience lets in", async () => {
    const moved = await owner.post(`/settings/pinned/${ids[2]}/move`, { direction: "up" });
    assert.equal(moved.status, 303);
    const order = [0, 2, 1, 3, 4];
    const anon = between(
      await (await anonymous().get("/@ada")).text(),
      'id="pinned-heading"',
      "</section>",
    );
    const shown = [...anon.matchAll(/mkpin(\d)x/g)].map((m) => Number(m[1]));
    assert.deepEqual(
      [...new Set(shown)],
      [0, 2, 1, 3],
      "the followers-only pin is hidden from visitors",
    );
    const fan = between(
      await (await follower.get("/@ada")).text(),
      'id="pinned-heading"',
      "</section>",
    );
    assert.deepEqual(
      [...new Set([...fan.matchAll(/mkpin(\d)x/g)].map((m) => Number(m[1])))],
      order,
    );
    assert.equal((await owner.post(`/settings/pinned/${ids[4]}/unpin`, {})).status, 303);
    const again = await owner.post(`/settings/pinned/${ids[5]}/pin`, {});
    assert.equal(again.status, 303);
    const mine = between(
      await (await owner.get("/@ada")).text(),
      'id="pinned-heading"',
      "</section>",
    );
    assert.deepEqual(
      [...new Set([...mine.matchAll(/mkpin(\d)x/g)].map((m) => Number(m[1])))],
      [0, 2, 1, 3, 5],
    );
    const bob = await signedInClient(runtime, await makeMember(runtime.ctx, "bob"));
    const foreign = await bob.post(`/settings/pinned/${ids[6]}/pin`, {});
    assert.equal(foreign.status, 422);
  });

  it("lists the portfolios each viewer may see", async () => {
    const listed = async (client: TestClient) => {
      const page = await (await client.get("/@ada")).text();
      const part = between(page, 'id="portfolios-heading"', "</section>");
      return [...part.matchAll(/mkport(\w+?)x/g)].map((m) => m[1]).sort();
    };
    assert.deepEqual(await listed(anonymous()), ["public"]);
    assert.deepEqual(await listed(follower), ["followers", "public"]);
    assert.deepEqual(await listed(owner), ["followers", "private", "public", "unlisted"]);
    const list = await (await anonymous().get("/@ada/portfolios")).text();
    assert.match(list, /mkportpublicx/);
    assert.doesNotMatch(list, /mkportunlistedx|mkportfollowersx|mkportprivatex/);
  });

  it("puts Portfolios in the signed-in header and lists the member's own at /portfolios", async () => {
    const page = await (await owner.get("/portfolios")).text();
    assert.match(page, /<li class="nav-wide nav-mid"><a href="\/portfolios">Portfolios<\/a><\/li>/);
    for (const audience of ["public", "unlisted", "followers", "private"]) {
      assert.match(page, new RegExp(`mkport${audience}x`));
    }
    assert.doesNotMatch(await (await anonymous().get("/")).text(), /href="\/portfolios"/);
    const signIn = await anonymous().get("/portfolios");
    assert.equal(signIn.status, 303);
  });
});
