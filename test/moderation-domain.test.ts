import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { updateProfile } from "../src/domain/accounts/profile.ts";
import {
  createEntry,
  entryForViewer,
  profileEntries,
  profileView,
} from "../src/domain/entries/index.ts";
import {
  acceptFollow,
  followState,
  homeTimeline,
  storeRemoteActor,
} from "../src/domain/federation/index.ts";
import { follow } from "../src/domain/follows.ts";
import {
  approveFollowRequest,
  blockActor,
  blockDomain,
  blockedActors,
  domainBlocks,
  fileReport,
  isDomainBlocked,
  muteActor,
  mutedActors,
  openReports,
  pendingFollowRequests,
  recordRemoteReport,
  rejectFollowRequest,
  relationshipFlags,
  resolveReport,
  unblockActor,
  unblockDomain,
} from "../src/domain/moderation/index.ts";
import { notificationsFor } from "../src/domain/notifications/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

describe("moderation (domain)", () => {
  let runtime: TestRuntime;
  let clock = Date.parse("2026-05-01T10:00:00Z");
  let admin: CurrentUser;
  let ana: CurrentUser;
  let ben: CurrentUser;
  let cai: CurrentUser;

  const remote = (handle: string, host: string) =>
    storeRemoteActor(runtime.ctx, {
      uri: `https://${host}/users/${handle}`,
      handle,
      host,
      displayName: handle,
      bioHtml: "",
      inboxUrl: `https://${host}/users/${handle}/inbox`,
      sharedInboxUrl: null,
      url: null,
    });
  const jobsOf = async (kind: string) => {
    const [row] = await runtime.database.sql.unsafe<{ n: number }[]>(
      "select count(*)::int as n from jobs where kind = $1",
      [kind],
    );
    return row?.n ?? 0;
  };

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => new Date(clock) });
    admin = await makeMember(runtime.ctx, "keeper");
    await runtime.database.sql`update users set role = 'admin' where id = ${admin.userId}`;
    admin = { ...admin, role: "admin" };
    ana = await makeMember(runtime.ctx, "ana");
    ben = await makeMember(runtime.ctx, "ben");
    cai = await makeMember(runtime.ctx, "cai");
  });
  after(async () => {
    await runtime?.close();
  });

  it("a block ends follows both ways and hides the blocker's entries from the blocked", async () => {
    await follow(runtime.ctx, ana, { handle: "ben" });
    await follow(runtime.ctx, ben, { handle: "ana" });
    clock += 60_000;
    const entry = await createEntry(runtime.ctx, ana, {
      kind: "note",
      body: "Ana's public note",
      audience: "public",
    });
    assert.equal((await entryForViewer(runtime.ctx, ben, "ana", entry.id)).id, entry.id);

    await blockActor(runtime.ctx, ana, ben.actorId);
    assert.equal(await followState(runtime.ctx, ana.actorId, ben.actorId), null);
    assert.equal(await followState(runtime.ctx, ben.actorId, ana.actorId), null);
    await assert.rejects(entryForViewer(runtime.ctx, ben, "ana", entry.id), { code: "not_found" });
    const profile = await profileView(runtime.ctx, ben, "ana");
    assert.equal((await profileEntries(runtime.ctx, ben, profile, {})).entries.length, 0);
    // The one who blocked still sees their own, and others still see it.
    assert.equal((await entryForViewer(runtime.ctx, cai, "ana", entry.id)).id, entry.id);

    const flags = await relationshipFlags(runtime.ctx, ana, [ben.actorId, cai.actorId]);
    assert.equal(flags.get(ben.actorId)?.blocking, true);
    assert.equal(flags.get(cai.actorId)?.blocking, false);
    assert.equal(
      (await relationshipFlags(runtime.ctx, ben, [ana.actorId])).get(ana.actorId)?.blockedBy,
      true,
    );
    assert.deepEqual(
      (await blockedActors(runtime.ctx, ana)).map((a) => a.handle),
      ["ben"],
    );

    await unblockActor(runtime.ctx, ana, ben.actorId);
    assert.equal((await entryForViewer(runtime.ctx, ben, "ana", entry.id)).id, entry.id);
    assert.deepEqual(await blockedActors(runtime.ctx, ana), []);
    await assert.rejects(blockActor(runtime.ctx, ana, ana.actorId), { code: "invalid" });
  });

  it("blocking a remote account queues a Block for its server", async () => {
    const spammer = await remote("loud", "remote.example");
    await acceptFollow(runtime.ctx, spammer, ana.actorId);
    const before = await jobsOf("federation-social");
    await blockActor(runtime.ctx, ana, spammer);
    assert.equal(await followState(runtime.ctx, spammer, ana.actorId), null);
    assert.equal(await jobsOf("federation-social"), before + 1);
    await blockActor(runtime.ctx, ana, spammer); // again: nothing new to send
    assert.equal(await jobsOf("federation-social"), before + 1);
  });

  it("a mute hides the account from the home timeline until it expires, not the permalink", async () => {
    await follow(runtime.ctx, cai, { handle: "ben" });
    clock += 60_000;
    const entry = await createEntry(runtime.ctx, ben, {
      kind: "note",
      body: "Ben thinks aloud",
      audience: "public",
    });
    const onHome = async () =>
      (await homeTimeline(runtime.ctx, cai, { limit: 50 })).items.some(
        (item) => item.kind === "entry" && item.entry.id === entry.id,
      );
    assert.equal(await onHome(), true);
    await muteActor(runtime.ctx, cai, ben.actorId, { durationSeconds: 3600 });
    assert.equal(await onHome(), false);
    assert.equal((await entryForViewer(runtime.ctx, cai, "ben", entry.id)).id, entry.id);
    const [muted] = await mutedActors(runtime.ctx, cai);
    assert.equal(muted?.handle, "ben");
    assert.equal(muted?.expiresAt?.getTime(), clock + 3600_000);
    clock += 3601_000;
    assert.equal(await onHome(), true, "the mute expired");
    assert.deepEqual(await mutedActors(runtime.ctx, cai), []);
    await assert.rejects(muteActor(runtime.ctx, cai, ben.actorId, { durationSeconds: -5 }), {
      code: "invalid",
    });
  });

  it("a locked account's follower waits; approved, they see followers-only entries", async () => {
    const dee = await makeMember(runtime.ctx, "dee");
    await updateProfile(runtime.ctx, dee, { displayName: "Dee", manuallyApprovesFollowers: true });
    clock += 60_000;
    const secret = await createEntry(runtime.ctx, dee, {
      kind: "note",
      body: "For followers",
      audience: "followers",
    });
    await follow(runtime.ctx, ben, { handle: "dee" });
    await follow(runtime.ctx, cai, { handle: "dee" });
    assert.equal(await followState(runtime.ctx, ben.actorId, dee.actorId), "pending");
    assert.equal(
      (await relationshipFlags(runtime.ctx, ben, [dee.actorId])).get(dee.actorId)?.requested,
      true,
    );
    await assert.rejects(entryForViewer(runtime.ctx, ben, "dee", secret.id), { code: "not_found" });
    assert.deepEqual(
      (await pendingFollowRequests(runtime.ctx, dee)).map((r) => r.handle),
      ["ben", "cai"],
    );

    await approveFollowRequest(runtime.ctx, dee, ben.actorId);
    assert.equal(await followState(runtime.ctx, ben.actorId, dee.actorId), "accepted");
    assert.equal((await entryForViewer(runtime.ctx, ben, "dee", secret.id)).id, secret.id);
    await rejectFollowRequest(runtime.ctx, dee, cai.actorId);
    assert.equal(await followState(runtime.ctx, cai.actorId, dee.actorId), null);
    await assert.rejects(entryForViewer(runtime.ctx, cai, "dee", secret.id), { code: "not_found" });
    assert.deepEqual(await pendingFollowRequests(runtime.ctx, dee), []);
    // Answered requests leave no "asked to follow you" behind.
    const left = await notificationsFor(runtime.ctx, dee, { types: ["follow_request"] });
    assert.equal(left.length, 0);
    await assert.rejects(approveFollowRequest(runtime.ctx, dee, cai.actorId), {
      code: "not_found",
    });

    // Unlocking the account lets whoever still waits in.
    await follow(runtime.ctx, cai, { handle: "dee" });
    assert.equal(await followState(runtime.ctx, cai.actorId, dee.actorId), "pending");
    await updateProfile(runtime.ctx, dee, { displayName: "Dee", manuallyApprovesFollowers: false });
    assert.equal(await followState(runtime.ctx, cai.actorId, dee.actorId), "accepted");
  });

  it("a domain block removes follows with that server's accounts and blocks its subdomains", async () => {
    const bad = await remote("troll", "spam.example");
    const badSub = await remote("bot", "eu.spam.example:8443");
    const fine = await remote("friend", "notspam.example");
    await acceptFollow(runtime.ctx, ana.actorId, bad);
    await acceptFollow(runtime.ctx, badSub, ana.actorId);
    await acceptFollow(runtime.ctx, ana.actorId, fine);
    await assert.rejects(blockDomain(runtime.ctx, ana, { domain: "spam.example" }), {
      code: "forbidden",
    });
    await assert.rejects(blockDomain(runtime.ctx, admin, { domain: "not a domain" }), {
      code: "invalid",
    });
    assert.equal(await isDomainBlocked(runtime.ctx, "spam.example"), false);

    await blockDomain(runtime.ctx, admin, {
      domain: " https://Spam.Example/about ",
      reason: "Spam",
    });
    assert.equal(await followState(runtime.ctx, ana.actorId, bad), null);
    assert.equal(await followState(runtime.ctx, badSub, ana.actorId), null);
    assert.equal(await followState(runtime.ctx, ana.actorId, fine), "accepted");
    for (const host of [
      "spam.example",
      "SPAM.example",
      "eu.spam.example",
      "eu.spam.example:8443",
    ]) {
      assert.equal(await isDomainBlocked(runtime.ctx, host), true, host);
    }
    assert.equal(await isDomainBlocked(runtime.ctx, "notspam.example"), false);
    assert.deepEqual(
      (await domainBlocks(runtime.ctx, admin)).map((b) => [b.domain, b.reason, b.createdBy]),
      [["spam.example", "Spam", "keeper"]],
    );
    await unblockDomain(runtime.ctx, admin, "spam.example");
    assert.equal(await isDomainBlocked(runtime.ctx, "eu.spam.example"), false);
  });

  it("reports reach the admin once, list until resolved", async () => {
    clock += 60_000;
    const entry = await createEntry(runtime.ctx, cai, {
      kind: "note",
      body: "Buy my course now",
      audience: "public",
    });
    const other = await createEntry(runtime.ctx, ben, {
      kind: "note",
      body: "Unrelated",
      audience: "public",
    });
    await assert.rejects(
      fileReport(runtime.ctx, ana, { targetId: cai.actorId, postIds: [other.id], comment: "x" }),
      { code: "invalid" },
    );
    const { id } = await fileReport(runtime.ctx, ana, {
      targetId: cai.actorId,
      postIds: [entry.id],
      comment: "Spam in every entry",
    });
    const flagger = await remote("mod", "other.example");
    const flag = {
      reporterId: flagger,
      targetId: cai.actorId,
      postIds: [entry.id],
      comment: "spam",
      uri: "https://other.example/flags/1",
    };
    const first = await recordRemoteReport(runtime.ctx, flag);
    const again = await recordRemoteReport(runtime.ctx, flag);
    assert.equal(first.created, true);
    assert.equal(again.created, false);
    assert.equal(again.id, first.id);

    const reports = await openReports(runtime.ctx, admin);
    assert.deepEqual(
      reports.map((r) => r.id),
      [id, first.id],
    );
    assert.equal(reports[0]?.reporter?.handle, "ana");
    assert.equal(reports[0]?.target.handle, "cai");
    assert.equal(reports[0]?.posts[0]?.href, `/@cai/${entry.id}`);
    assert.equal(reports[1]?.remote, true);
    const told = await notificationsFor(runtime.ctx, admin, { types: ["report"] });
    assert.equal(told.length, 2, "one notification per report, not per delivery");
    await assert.rejects(openReports(runtime.ctx, ana), { code: "forbidden" });

    await resolveReport(runtime.ctx, admin, id);
    assert.deepEqual(
      (await openReports(runtime.ctx, admin)).map((r) => r.id),
      [first.id],
    );
    await assert.rejects(resolveReport(runtime.ctx, admin, id), { code: "not_found" });
  });
});
