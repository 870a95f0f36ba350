import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { updateProfile } from "../src/domain/accounts/profile.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import { followRemote, remoteActorId } from "../src/domain/federation/index.ts";
import { openReports } from "../src/domain/moderation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { arrivals, arrivedOnce, type Json, sqlRows } from "./helpers/federation-arrivals.ts";

/**
 * Profile changes reach remote followers (`Update(Person)`), and a report
 * about a remote account can be forwarded to its server (`Flag`): each step
 * asserted on the sending and the receiving instance.
 */
describe("profile updates and forwarded reports across two instances", () => {
  let a: Instance;
  let b: Instance;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let bobOnA: string;

  const bobRowOnA = async () =>
    (
      await sqlRows(
        a,
        `select display_name, bio_html, avatar_url, header_url, manually_approves_followers
         from actors where uri = '${b.origin}/@bob'`,
      )
    )[0] as Json;

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    alice = await makeMember(a.runtime.ctx, "alice");
    bob = await makeMember(b.runtime.ctx, "bob");
    await followRemote(a.runtime.ctx, alice, `@bob@${b.host}`);
    await settle(a, b);
    bobOnA = (await remoteActorId(a.runtime.ctx, `${b.origin}/@bob`)) ?? "";
    assert.ok(bobOnA, "A keeps Bob");
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("sends Update(Person) when Bob saves his profile, and A refreshes what it shows", async () => {
    assert.equal((await bobRowOnA()).display_name, "bob Example");
    await sqlRows(
      b,
      `update actors set avatar_key = 'av-bob.webp', header_key = 'hd-bob.webp'
      where handle = 'bob'`,
    );
    await updateProfile(b.runtime.ctx, bob, {
      displayName: "Bob the Potter",
      bio: "I *throw* pots.",
      links: [{ label: "Studio", url: "https://studio.example/" }],
      manuallyApprovesFollowers: true,
    });
    const update = await arrivedOnce(b, a, "Update");
    const person = update.object as Json;
    assert.equal(update.actor, `${b.origin}/@bob`);
    assert.equal(person.id, `${b.origin}/@bob`, "the Person is embedded");
    assert.equal(person.name, "Bob the Potter");
    const links = [person.attachment].flat() as Json[];
    assert.ok(
      links.some(
        (link) => link?.name === "Studio" && String(link.value).includes("studio.example"),
      ),
      "the profile links travel as PropertyValue",
    );
    assert.equal(person.manuallyApprovesFollowers, true);
    assert.match(String(update.id), new RegExp(`^${b.origin}/@bob#updates/`));
    await settle(a, b);
    const row = await bobRowOnA();
    assert.equal(row.display_name, "Bob the Potter");
    assert.match(String(row.bio_html), /<em>throw<\/em>/);
    assert.equal(row.avatar_url, `${b.origin}/media/avatars/av-bob.webp`);
    assert.equal(row.header_url, `${b.origin}/media/avatars/hd-bob.webp`);
    assert.equal(row.manually_approves_followers, true);
  });

  it("coalesces saves while an Update still waits, and sends nothing without remote followers", async () => {
    await updateProfile(b.runtime.ctx, bob, { displayName: "Bob One" });
    await updateProfile(b.runtime.ctx, bob, { displayName: "Bob Two" });
    const [queued] = await sqlRows(
      b,
      `select count(*)::int as n from jobs where kind = 'federation-social' and state = 'pending'`,
    );
    assert.equal(queued?.n, 1, "one Update job for two saves");
    await settle(a, b);
    assert.equal((await bobRowOnA()).display_name, "Bob Two", "the latest profile went out");

    await updateProfile(a.runtime.ctx, alice, { displayName: "Alice Nobody Follows" });
    const [none] = await sqlRows(
      a,
      `select count(*)::int as n from jobs where kind = 'federation-social' and state = 'pending'`,
    );
    assert.equal(none?.n, 0, "Alice has no remote followers: nothing to send");
  });

  it("sends the Update when the profile is saved from the settings page", async () => {
    const page = await signedInClient(b.runtime, bob);
    const saved = await page.post(`${b.origin}/settings/profile`, {
      displayName: "Bob From Settings",
      bio: "Pots.",
      locale: "en",
      manuallyApprovesFollowers: "1",
    });
    assert.equal(saved.status, 303);
    const update = await arrivedOnce(b, a, "Update");
    assert.equal((update.object as Json).name, "Bob From Settings");
    await settle(a, b);
    assert.equal((await bobRowOnA()).display_name, "Bob From Settings");
  });

  it("forwards a report to Bob's server as Flag when the box is ticked", async () => {
    const entry = await createEntry(b.runtime.ctx, bob, { kind: "note", body: "Buy my pots!!!" });
    await settle(a, b);
    const [post] = await sqlRows(a, `select id from remote_posts where uri like '%${entry.id}'`);
    assert.ok(post, "A keeps Bob's entry");
    const browser = await signedInClient(a.runtime, alice);

    const form = await (await browser.get(`${a.origin}/actors/${bobOnA}/report`)).text();
    assert.match(form, new RegExp(`Also send this report to ${b.host.replace(".", "\\.")}`));
    assert.match(form, /<label for="report-forward">/);

    const sent = await browser.post(`${a.origin}/actors/${bobOnA}/report`, {
      comment: "Spam in my replies",
      postIds: [String(post.id)],
      forward: "1",
    });
    assert.equal(sent.status, 200);
    assert.match(await sent.text(), /on its way to the account(&#39;|')s own server/);
    const flag = await arrivedOnce(a, b, "Flag");
    assert.equal(flag.actor, `${a.origin}/actor`, "sent by the instance actor, not Alice");
    assert.equal(flag.content, "Spam in my replies");
    assert.deepEqual(flag.object, [`${b.origin}/@bob`, `${b.origin}/@bob/${entry.id}`]);
    await settle(a, b);

    const [local] = await sqlRows(a, `select comment, uri from reports`);
    assert.equal(local?.comment, "Spam in my replies", "A's admin has the report too");
    assert.equal(local?.uri, null, "A's own report is not a remote one");
    await sqlRows(b, `update users set role = 'admin' where actor_id = '${bob.actorId}'`);
    const admin: CurrentUser = { ...bob, role: "admin" };
    const reports = await openReports(b.runtime.ctx, admin);
    assert.equal(reports.length, 1);
    const report = reports[0];
    assert.equal(report?.remote, true);
    assert.equal(report?.comment, "Spam in my replies");
    assert.equal(report?.target.id, bob.actorId);
    // From A's instance actor (named after A's host): Alice is not named to B.
    assert.equal(report?.reporter?.handle, new URL(a.origin).hostname);
    assert.deepEqual(
      report?.posts.map((p) => p.id),
      [entry.id],
    );
  });

  it("keeps a report on this server when the box is not ticked", async () => {
    const browser = await signedInClient(a.runtime, alice);
    const sent = await browser.post(`${a.origin}/actors/${bobOnA}/report`, {
      comment: "Only for my admin",
    });
    assert.equal(sent.status, 200);
    assert.equal((await arrivals(a, b, "Flag")).length, 0, "no Flag goes out");
    const [count] = await sqlRows(a, `select count(*)::int as n from reports`);
    assert.equal(count?.n, 2);
    const carol = await makeMember(a.runtime.ctx, "carol");
    const localForm = await (
      await browser.get(`${a.origin}/actors/${carol.actorId}/report`)
    ).text();
    assert.doesNotMatch(localForm, /Also send this report/, "a local account has no other server");
  });
});
