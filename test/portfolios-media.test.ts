import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { createEntry } from "../src/domain/entries/index.ts";
import {
  addItem,
  createPortfolio,
  createShareLink,
  revokeShareLink,
} from "../src/domain/portfolios/index.ts";
import { mediaStorage } from "../src/media/storage.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { unzip } from "./helpers/portfolio-exports.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * A photo of an entry less visible than the portfolio: its own media URL
 * keeps the entry's audience, and the portfolio serves it to its viewers.
 */
describe("media of entries shown through a portfolio", () => {
  let runtime: TestRuntime;
  const mediaId = randomUUID();
  let token = "";
  let linkId = "";
  const visitor = () => new TestClient(runtime.app);

  before(async () => {
    runtime = await startTestRuntime();
    const ctx = runtime.ctx;
    const ada = await makeMember(ctx, "ada");
    const entry = await createEntry(ctx, ada, {
      body: "A followers-only sketch mksketchx",
      audience: "followers",
      action: "publish",
    });
    const image = await sharp({
      create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 120, b: 200 } },
    })
      .webp()
      .toBuffer();
    const key = `files/${mediaId}/display.webp`;
    await mediaStorage(runtime.config).put(key, image, "image/webp");
    await runtime.database.sql`
      insert into media (id, owner_id, entry_id, position, kind, format, state, bytes, alt, width, height, variants)
      values (${mediaId}, ${ada.actorId}, ${entry.id}, 0, 'image', 'webp', 'ready', ${image.length},
        'A blue sketch', 40, 30, ${JSON.stringify({
          display: {
            key,
            type: "image/webp",
            bytes: image.length,
            width: 40,
            height: 30,
            etag: '"e1"',
          },
        })}::jsonb)`;
    const portfolio = await createPortfolio(ctx, ada, {
      title: "Sketches",
      slug: "sketches",
      audience: "public",
      layout: "grid",
    });
    const [section] = await runtime.database.sql<{ id: string }[]>`
      select id from portfolio_sections where portfolio_id = ${portfolio.id}`;
    await addItem(ctx, ada, "sketches", {
      entryId: entry.id,
      sectionId: section?.id ?? "",
      confirm: true,
    });
    const link = await createShareLink(ctx, ada, "sketches", { label: "x", confirm: true });
    token = link.token;
    linkId = link.id;
  });
  after(() => runtime?.close());

  it("keeps the photo's own URL to the entry's audience and serves it through the portfolio", async () => {
    assert.equal((await visitor().get(`/media/${mediaId}/display.webp`)).status, 404);
    const page = await (await visitor().get("/@ada/portfolios/sketches")).text();
    assert.match(page, /mksketchx/);
    const src = `/@ada/portfolios/sketches/media/${mediaId}/display.webp`;
    assert.ok(page.includes(`src="${src}"`), "the page links the portfolio's copy");
    assert.ok(!page.includes(`"/media/${mediaId}/`), "and not the entry's own URL");
    const served = await visitor().get(src);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/webp");
    assert.equal((await sharp(new Uint8Array(await served.arrayBuffer())).metadata()).width, 40);
    // Another file name, another id: nothing else is served from here.
    assert.equal(
      (await visitor().get(`/@ada/portfolios/sketches/media/${randomUUID()}/display.webp`)).status,
      404,
    );
    assert.equal(
      (await visitor().get(`/@ada/portfolios/sketches/media/${mediaId}/original.webp`)).status,
      404,
    );
  });

  it("serves it under a share link until the link is revoked, and puts it in the zip", async () => {
    const page = await (await visitor().get(`/s/${token}`)).text();
    const src = `/s/${token}/media/${mediaId}/display.webp`;
    assert.ok(page.includes(`src="${src}"`));
    assert.equal((await visitor().get(src)).status, 200);
    const zip = unzip(
      new Uint8Array(
        await (await visitor().get("/@ada/portfolios/sketches/export.zip")).arrayBuffer(),
      ),
    );
    assert.ok(zip.has(`media/${mediaId}/display.webp`));
    assert.match(zip.get("index.html") ?? "", new RegExp(`src="media/${mediaId}/display.webp"`));
    const [entryPage] = [...zip.keys()].filter((name) => /^entries\/.+\.html$/.test(name));
    assert.match(
      zip.get(entryPage ?? "") ?? "",
      new RegExp(`src="../media/${mediaId}/display.webp"`),
    );
    const ada = {
      actorId: "",
      userId: "",
      handle: "ada",
      displayName: "",
      role: "member" as const,
    };
    const [owner] = await runtime.database.sql<
      { id: string }[]
    >`select id from actors where handle = 'ada'`;
    await revokeShareLink(runtime.ctx, { ...ada, actorId: owner?.id ?? "" }, "sketches", linkId);
    assert.equal((await visitor().get(src)).status, 404);
  });
});
