import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { storeRemoteActor, storeRemotePost } from "../src/domain/federation/index.ts";
import {
  imageSources,
  proxiedImagesHtml,
  withoutImages,
} from "../src/domain/media/remote-html-images.ts";
import { remoteImagePath } from "../src/domain/media/remote-images.ts";
import { mediaStorage } from "../src/media/storage.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

const PICTURE = "https://pics.example/kiln.jpg?size=large&v=2";
const ELSEWHERE = "https://pics.example/other.jpg";

/**
 * Images inside a remote post's HTML load through our proxy (ADR 0015), never
 * from the post's server: pages and the client API point them at
 * /media/remote/img-<post>-<hash>.webp, and the proxy serves only the images
 * the post's stored HTML shows.
 */
describe("images inside remote posts' HTML go through the proxy", () => {
  let runtime: TestRuntime;
  let postId: string;

  before(async () => {
    runtime = await startTestRuntime();
    const ctx = runtime.ctx;
    const authorId = await storeRemoteActor(ctx, {
      uri: "https://pics.example/users/dana",
      handle: "dana",
      host: "pics.example",
      displayName: "Dana",
      bioHtml: "",
      inboxUrl: "https://pics.example/users/dana/inbox",
      sharedInboxUrl: null,
      url: null,
    });
    const stored = await storeRemotePost(ctx, {
      uri: "https://pics.example/users/dana/posts/1",
      authorId,
      type: "Note",
      url: null,
      name: "",
      summary: "",
      contentHtml: `<p>Fresh from the kiln <img src="${PICTURE.replace("&", "&amp;")}" alt="A bowl"></p><p><img src="javascript:alert(1)" alt="bad"></p>`,
      sensitive: false,
      audience: "public",
      publishedAt: new Date(),
      updatedAt: null,
    });
    assert.ok(stored);
    postId = stored.id;
  });
  after(async () => {
    await runtime?.close();
  });

  it("rewrites http(s) image sources and drops any other", () => {
    const html = `<p>a <img src="https://x.example/a.png?b=1&amp;c=2" alt="x" /> <img src="data:image/png;base64,AA" /></p>`;
    assert.deepEqual(imageSources(html), ["https://x.example/a.png?b=1&c=2"]);
    const out = proxiedImagesHtml("p1", html, "https://here.example");
    assert.ok(
      out.includes(
        `src="https://here.example${remoteImagePath("p1", "https://x.example/a.png?b=1&c=2", "img")}"`,
      ),
    );
    assert.doesNotMatch(out, /x\.example|data:/);
    assert.match(out, /alt="x"/);
  });

  it("renders the post's page with the proxy URL, never the original host", async () => {
    const member = await makeMember(runtime.ctx, "reader");
    const browser = await signedInClient(runtime, member);
    const response = await browser.get(`/posts/${postId}`);
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /Fresh from the kiln/);
    assert.ok(page.includes(`<img src="${remoteImagePath(postId, PICTURE, "img")}"`), page);
    assert.doesNotMatch(page, /<img[^>]*pics\.example/, "no image loads from the post's server");
    assert.doesNotMatch(page, /javascript:/);
  });

  it("gives the client API the proxy URL too", async () => {
    const response = await runtime.app.request(`/api/v1/statuses/${postId}`);
    assert.equal(response.status, 200);
    const { content } = (await response.json()) as { content: string };
    const proxied = `${runtime.ctx.config.publicUrl}${remoteImagePath(postId, PICTURE, "img")}`;
    assert.ok(content.includes(`src="${proxied}"`), content);
    assert.doesNotMatch(content, /<img[^>]*pics\.example/);
  });

  it("serves an image the post's HTML shows, and nothing else under its key", async () => {
    // Already downloaded once (no network here): the proxy serves the stored WebP.
    const webp = await sharp({
      create: { width: 4, height: 4, channels: 3, background: "#c33" },
    })
      .webp()
      .toBuffer();
    const hash = createHash("sha256").update(PICTURE).digest("hex");
    await mediaStorage(runtime.ctx.config).put(`remote/img/${hash}.webp`, webp, "image/webp");
    const shown = await runtime.app.request(remoteImagePath(postId, PICTURE, "img"));
    assert.equal(shown.status, 200);
    assert.equal(shown.headers.get("content-type"), "image/webp");
    const other = await runtime.app.request(remoteImagePath(postId, ELSEWHERE, "img"));
    assert.equal(other.status, 404, "a URL the post does not show is not proxied");
  });

  it("leaves images out of a remote account's bio", async () => {
    const id = await storeRemoteActor(runtime.ctx, {
      uri: "https://bio.invalid/users/eve",
      handle: "eve",
      host: "bio.invalid",
      displayName: "Eve",
      bioHtml: `<p>Potter <img src="https://bio.invalid/pixel.gif" alt="tracker"></p>`,
      inboxUrl: "https://bio.invalid/users/eve/inbox",
      sharedInboxUrl: null,
      url: null,
    });
    assert.equal(withoutImages('<p>a<img src="https://x.example/p.gif" alt="" /></p>'), "<p>a</p>");
    const browser = await signedInClient(runtime, await makeMember(runtime.ctx, "viewer"));
    const page = await (await browser.get(`/remote/${id}`)).text();
    assert.match(page, /Potter/);
    assert.doesNotMatch(page, /pixel\.gif/);
  });
});
