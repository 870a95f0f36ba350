import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient, type mastodon } from "masto";
import generator from "megalodon";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post } from "./helpers/interactions.ts";

/** Every id an app sees walking a list page by page with masto (it follows `Link: next`). */
async function walk<T extends { id: string }>(pages: AsyncIterable<T[]>): Promise<string[][]> {
  const seen: string[][] = [];
  for await (const page of pages) {
    if (page.length === 0) break;
    seen.push(page.map((item) => item.id));
  }
  return seen;
}

/** Asserts a walk saw `expected` in order, no gaps, no repeats, over several pages. */
function assertWalked(pages: string[][], expected: string[], pageSize: number) {
  assert.ok(
    pages.length >= Math.ceil(expected.length / pageSize),
    `several pages: ${pages.length}`,
  );
  for (const page of pages) assert.ok(page.length <= pageSize);
  assert.deepEqual(pages.flat(), expected);
}

/** The `Link` header's target for `rel`. */
function linkTo(link: string | null, rel: "next" | "prev"): URL | null {
  const match = new RegExp(`<([^>]+)>; rel="${rel}"`).exec(link ?? "");
  return match?.[1] ? new URL(match[1]) : null;
}

describe("paging the member's lists with Link headers", { timeout: 60_000 }, () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let others: CurrentUser[];
  let api: mastodon.rest.Client;
  let token: string;
  // The server's clock, one second further for each action: the order is known.
  let clock = Date.parse("2026-11-26T09:00:00Z");
  const tick = () => {
    clock += 1000;
  };

  before(async () => {
    server = await startApiServer({}, { now: () => new Date(clock) });
    const ctx = server.runtime.ctx;
    alice = await makeMember(ctx, "alice");
    others = [];
    for (const handle of ["bo", "cy", "di", "ed", "fa", "gu", "hal"]) {
      others.push(await makeMember(ctx, handle));
    }
    token = await tokenFor(server, alice, ["read", "write", "follow"]);
    api = createRestAPIClient({ url: server.url, accessToken: token });
  });
  after(() => server.close());

  it("walks blocks page by page, most recent first", async () => {
    const blocked = others.slice(0, 5);
    for (const member of blocked) {
      tick();
      await api.v1.accounts.$select(member.actorId).block();
    }
    const pages = await walk(api.v1.blocks.list({ limit: 2 }));
    assertWalked(pages, blocked.map((m) => m.actorId).reverse(), 2);
    // Going back: the first page's `prev` link gives what is newer (nothing here), min_id walks forward.
    const response = await fetch(`${server.url}/api/v1/blocks?limit=2`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const next = linkTo(response.headers.get("link"), "next");
    assert.ok(next, "a next link");
    assert.equal(next.searchParams.get("limit"), "2", "the link keeps the other parameters");
    const older = await (
      await fetch(next, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    const prev = linkTo(
      (await fetch(next, { headers: { authorization: `Bearer ${token}` } })).headers.get("link"),
      "prev",
    );
    assert.ok(prev);
    const newer = (await (
      await fetch(prev, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { id: string }[];
    assert.deepEqual(
      newer.map((a) => a.id),
      pages[0],
      "prev from the second page is the first page",
    );
    assert.deepEqual(
      (older as { id: string }[]).map((a) => a.id),
      pages[1],
    );
    for (const member of blocked) await api.v1.accounts.$select(member.actorId).unblock();
  });

  it("walks mutes with megalodon's max_id and min_id", async () => {
    const muted = others.slice(2, 7);
    for (const member of muted) {
      tick();
      await api.v1.accounts.$select(member.actorId).mute();
    }
    const client = generator("mastodon", server.url, token);
    const expected = muted.map((m) => m.actorId).reverse();
    const seen: string[] = [];
    let maxId: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await client.getMutes({ limit: 2, ...(maxId ? { max_id: maxId } : {}) });
      if (page.data.length === 0) break;
      seen.push(...page.data.map((a) => a.id));
      const next = linkTo(page.headers.link ?? null, "next");
      maxId = next?.searchParams.get("max_id") ?? undefined;
      if (!maxId) break;
    }
    assert.deepEqual(seen, expected);
    // min_id: the ones right after (newer than) a cursor, newest first.
    const after = await client.getMutes({ limit: 2, min_id: expected[4] });
    assert.deepEqual(
      after.data.map((a) => a.id),
      [expected[2], expected[3]],
    );
    for (const member of muted) await api.v1.accounts.$select(member.actorId).unmute();
  });

  it("walks follow requests of a locked account, newest first", async () => {
    await api.v1.accounts.updateCredentials({ locked: true });
    const askers = others.slice(1, 6);
    for (const member of askers) {
      tick();
      await follow(server.runtime.ctx, member, { handle: "alice" });
    }
    const pages = await walk(api.v1.followRequests.list({ limit: 2 }));
    assertWalked(pages, askers.map((m) => m.actorId).reverse(), 2);
    // An answered request leaves the list; the walk still has no gaps.
    await api.v1.followRequests.$select(askers[4]?.actorId ?? "").authorize();
    const again = await walk(api.v1.followRequests.list({ limit: 3 }));
    assertWalked(
      again,
      askers
        .slice(0, 4)
        .map((m) => m.actorId)
        .reverse(),
      3,
    );
  });

  it("walks direct conversations by their latest posts", async () => {
    const lastPosts: string[] = [];
    for (const member of others.slice(0, 5)) {
      tick();
      await post(server.runtime, alice, `@${member.handle} a private question`, {
        audience: "direct",
      });
      tick();
      lastPosts.push(
        await post(server.runtime, member, `@alice the answer, ${member.handle}`, {
          audience: "direct",
        }),
      );
    }
    const seen: string[] = [];
    let pages = 0;
    for await (const page of api.v1.conversations.list({ limit: 2 })) {
      if (page.length === 0) break;
      pages++;
      seen.push(...page.map((conversation) => conversation.lastStatus?.id ?? ""));
    }
    assert.ok(pages >= 3, `several pages: ${pages}`);
    // Each member's own direct post started a conversation too: both sides are listed.
    assert.deepEqual(
      seen.filter((id) => lastPosts.includes(id)),
      [...lastPosts].reverse(),
    );
    assert.equal(new Set(seen).size, seen.length, "no conversation twice");
  });
});
