import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { addItem, createPortfolio } from "../src/domain/portfolios/index.ts";
import { newShareToken, sameDigest } from "../src/domain/portfolios/share-links.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

const DAY = 86_400_000;
const BASE = "/@ada/portfolios/acme";

describe("share links", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-05-01T09:00:00Z");
  let ada: CurrentUser;
  let owner: TestClient;
  const visitor = () => new TestClient(runtime.app);

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    ada = await makeMember(runtime.ctx, "ada");
    owner = await signedInClient(runtime, ada);
    const portfolio = await createPortfolio(runtime.ctx, ada, { title: "Acme", slug: "acme" });
    const [section] = await runtime.database.sql<{ id: string }[]>`
      select id from portfolio_sections where portfolio_id = ${portfolio.id}`;
    const entry = await createEntry(runtime.ctx, ada, {
      body: "A private sketch mksecretx",
      audience: "private",
      action: "publish",
    });
    await addItem(runtime.ctx, ada, "acme", { entryId: entry.id, sectionId: section?.id ?? "" });
  });
  after(() => runtime?.close());

  /** Creates a link through the editor's form; returns its token from the one page that shows it. */
  async function createLink(fields: Record<string, string>): Promise<string> {
    const response = await owner.post(`${BASE}/share-links`, { confirm: "yes", ...fields });
    assert.equal(response.status, 201);
    const page = await response.text();
    const token = /http:\/\/localhost:3000\/s\/([A-Za-z0-9_-]+)/.exec(page)?.[1];
    assert.ok(token, "the page shows the link");
    return token;
  }

  it("asks before a link exposes entries that are private or for followers", async () => {
    const response = await owner.post(`${BASE}/share-links`, { label: "Acme interview" });
    assert.equal(response.status, 422);
    const page = await response.text();
    assert.match(page, /1 entry in it is less visible on their own/);
    assert.match(page, /anyone holding this link/);
    const [row] = await runtime.database.sql<{ n: number }[]>`
      select count(*)::int as n from portfolio_share_links`;
    assert.equal(row?.n, 0);
  });

  it("makes tokens of 256 random bits, stores only their SHA-256, and shows the link once", async () => {
    const token = await createLink({ label: "Acme interview" });
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, "base64url").length * 8, 256);
    const many = new Set(Array.from({ length: 2000 }, () => newShareToken()));
    assert.equal(many.size, 2000);

    const rows = await runtime.database.sql<
      Record<string, unknown>[]
    >`select * from portfolio_share_links`;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.token_hash, createHash("sha256").update(token).digest("hex"));
    assert.ok(!JSON.stringify(rows).includes(token), "the token itself is stored nowhere");

    const editor = await (await owner.get(`${BASE}/edit`)).text();
    assert.match(editor, /Acme interview/);
    assert.ok(!editor.includes(token), "the editor never shows the token again");
  });

  it("compares digests in constant time", () => {
    const a = createHash("sha256").update("a").digest("hex");
    const b = createHash("sha256").update("b").digest("hex");
    assert.equal(sameDigest(a, a), true);
    assert.equal(sameDigest(a, b), false);
    assert.equal(sameDigest(a, a.slice(0, 10)), false);
    assert.equal(sameDigest("", ""), false);
    const source = fs.readFileSync(
      new URL("../src/domain/portfolios/share-links.ts", import.meta.url),
      "utf8",
    );
    assert.match(source, /timingSafeEqual\(left, right\)/, "sameDigest uses timingSafeEqual");
    assert.match(source, /sameDigest\(row\.tokenHash, hash\)/, "opening a link uses sameDigest");
  });

  it("opens the portfolio for anyone holding the link, counting views, never cached", async () => {
    const token = await createLink({ label: "Counting" });
    for (let i = 0; i < 3; i++) {
      const response = await visitor().get(`/s/${token}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get("cache-control") ?? "", /no-store/);
      const page = await response.text();
      assert.match(page, /<meta name="referrer" content="no-referrer">/);
      assert.match(page, /mksecretx/);
      assert.match(page, /<meta name="robots" content="noindex, nofollow">/);
      // Nothing else of the member: no profile link, no entry permalinks.
      assert.doesNotMatch(page, /href="\/@ada/);
    }
    // Exports through the link do not count as views.
    assert.equal((await visitor().get(`/s/${token}/export.pdf`)).status, 200);
    const [row] = await runtime.database.sql<{ view_count: number; last_viewed_at: Date }[]>`
      select view_count, last_viewed_at from portfolio_share_links where label = 'Counting'`;
    assert.equal(row?.view_count, 3);
    assert.equal(new Date(row?.last_viewed_at ?? 0).getTime(), clock.getTime());
    const editor = await (await owner.get(`${BASE}/edit`)).text();
    assert.match(editor, /<th scope="row">Counting<\/th>[\s\S]*?<td>3<\/td>/);
  });

  it("answers 404 to guessed, tampered, malformed, revoked and expired tokens alike", async () => {
    const token = await createLink({ label: "To revoke" });
    const expiring = await createLink({ label: "Short", expiresInDays: "1" });
    const guessed = randomBytes(32).toString("base64url");
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const bad of [guessed, tampered, token.slice(0, 20), `${token}x`, "%00", "a".repeat(90)]) {
      const response = await visitor().get(`/s/${encodeURIComponent(bad)}`);
      assert.equal(response.status, 404, bad);
    }
    assert.equal((await visitor().get(`/s/${token}`)).status, 200);
    const [link] = await runtime.database.sql<{ id: string }[]>`
      select id from portfolio_share_links where label = 'To revoke'`;
    const revoked = await owner.post(`${BASE}/share-links/${link?.id}/revoke`, {});
    assert.equal(revoked.status, 303);
    for (const path of ["", "/print", "/export.pdf", "/export.zip"]) {
      assert.equal((await visitor().get(`/s/${token}${path}`)).status, 404, `revoked ${path}`);
    }
    assert.equal((await visitor().get(`/s/${expiring}`)).status, 200);
    clock = new Date(clock.getTime() + DAY + 1000);
    assert.equal((await visitor().get(`/s/${expiring}`)).status, 404, "expired");
    const editor = await (await owner.get(`${BASE}/edit`)).text();
    assert.match(editor, /<th scope="row">To revoke<\/th>[\s\S]*?Revoked/);
    assert.match(editor, /<th scope="row">Short<\/th>[\s\S]*?Expired/);
  });

  it("lets only the owner create and revoke links", async () => {
    const bob = await signedInClient(runtime, await makeMember(runtime.ctx, "bob"));
    const [link] = await runtime.database.sql<{ id: string }[]>`
      select id from portfolio_share_links where revoked_at is null limit 1`;
    assert.equal((await bob.post(`${BASE}/share-links/${link?.id}/revoke`, {})).status, 404);
    assert.equal(
      (await bob.post(`${BASE}/share-links`, { label: "mine", confirm: "yes" })).status,
      404,
    );
    const bad = await owner.post(`${BASE}/share-links`, { label: "", expiresInDays: "9999" });
    assert.equal(bad.status, 422);
    const page = await bad.text();
    assert.match(page, /Say who the link is for/);
  });
});
