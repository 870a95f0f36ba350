import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient } from "masto";
import { storeRemoteActor } from "../src/domain/federation/actors.ts";
import { storeRemotePost } from "../src/domain/federation/index.ts";
import { type ApiServer, startApiServer } from "./helpers/api-server.ts";

// A remote post's attachments through the client API: Mastodon's apps draw
// the blurhash while the file loads and crop around `meta.focus`.
describe("a remote post's attachments through the client API", () => {
  let server: ApiServer;

  before(async () => {
    server = await startApiServer();
  });
  after(() => server.close());

  it("shows the received blurhash, focal point and size", async () => {
    const ctx = server.runtime.ctx;
    const authorId = await storeRemoteActor(ctx, {
      uri: "https://remote.example/users/dora",
      handle: "dora",
      host: "remote.example",
      displayName: "Dora",
      bioHtml: "",
      inboxUrl: "https://remote.example/users/dora/inbox",
      sharedInboxUrl: null,
      url: "https://remote.example/@dora",
    });
    const image = (name: string, focalPoint: [number, number] | null) => ({
      type: "image" as const,
      url: `https://remote.example/media/${name}.jpg`,
      mediaType: "image/jpeg",
      name: `${name} photo`,
      width: 1200,
      height: 800,
      blurhash: focalPoint ? "LEHV6nWB2yk8pyo0adR*.7kCMdnj" : null,
      focalPoint,
    });
    const post = await storeRemotePost(ctx, {
      uri: "https://remote.example/posts/1",
      authorId,
      type: "Note",
      url: null,
      name: "",
      summary: "",
      contentHtml: "<p>Two photos</p>",
      sensitive: false,
      audience: "public",
      publishedAt: new Date(),
      updatedAt: null,
      language: "en",
      tags: [],
      attachments: [image("bench", [-0.3, 0.8]), image("plain", null)],
    });
    assert.ok(post);
    const api = createRestAPIClient({ url: server.url });
    const status = await api.v1.statuses.$select(post.id).fetch();
    const [first, second] = status.mediaAttachments;
    assert.equal(first?.blurhash, "LEHV6nWB2yk8pyo0adR*.7kCMdnj");
    assert.deepEqual(first?.meta?.focus, { x: -0.3, y: 0.8 });
    assert.equal(first?.meta?.original?.width, 1200);
    assert.equal(first?.remoteUrl, "https://remote.example/media/bench.jpg");
    assert.equal(first?.description, "bench photo");
    assert.equal(second?.blurhash, null);
    assert.equal(second?.meta?.focus, undefined);
  });
});
