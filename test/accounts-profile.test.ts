import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { setUpAdmin } from "./helpers/accounts.ts";
import type { TestClient } from "./helpers/client.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

const PROFILE = { displayName: "Ada Lovelace", headline: "", bio: "", locale: "en" };

/** Posts the multipart profile form, as a browser does, with an optional avatar file. */
async function saveProfile(
  client: TestClient,
  fields: Record<string, string>,
  avatar?: { bytes: Uint8Array; name: string; type: string },
): Promise<Response> {
  await client.ensureCsrf();
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...PROFILE, ...fields })) form.append(name, value);
  form.append("_csrf", client.csrfToken);
  if (avatar) {
    form.append(
      "avatar",
      new File([new Uint8Array(avatar.bytes)], avatar.name, { type: avatar.type }),
    );
  }
  return client.request("/settings/profile", { method: "POST", body: form });
}

/** A real camera-like JPEG: rotated by EXIF orientation, with a maker and GPS position. */
async function cameraJpeg(): Promise<Buffer> {
  const red = await sharp({
    create: { width: 600, height: 800, channels: 3, background: "#ff0000" },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: "#0000ff" } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: "SpyCam", Copyright: "Ada" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 24/1" },
    })
    .toBuffer();
}

describe("profile settings", () => {
  let runtime: TestRuntime;
  let ada: TestClient;
  const actor = async () => {
    const [row] = await runtime.database.sql`
      select display_name, headline, bio_markdown, bio_html, links, avatar_key, locale
      from actors where handle = 'ada'`;
    assert.ok(row);
    return row;
  };
  const avatarFile = (key: string) => path.join(runtime.dataDir, "media", "avatars", key);

  before(async () => {
    runtime = await startTestRuntime();
    ada = await setUpAdmin(runtime, "ada");
  });
  after(() => runtime.close());

  it("shows the form filled with the current profile", async () => {
    const response = await ada.get("/settings/profile");
    assert.equal(response.status, 200);
    const page = await response.text();
    for (const [id, label] of [
      ["avatar", "Avatar"],
      ["displayName", "Display name"],
      ["headline", "Headline"],
      ["bio", "Bio"],
      ["locale", "Language"],
      ["link-label-0", "Label"],
      ["link-url-5", "URL"],
    ]) {
      assert.match(page, new RegExp(`<label for="${id}">${label}</label>`), id);
    }
    assert.match(page, /enctype="multipart\/form-data"/);
    assert.match(page, /value="ada Example"/);
    assert.match(page, /placeholder="Learning designer exploring…"/);
  });

  it("saves display name, headline, Markdown bio, links and locale", async () => {
    const response = await saveProfile(ada, {
      displayName: "Ada Lovelace",
      headline: "Learning designer exploring analytical engines",
      bio: "I write **notes** on [engines](https://example.org/engines).",
      locale: "de",
      "link-label-0": "Site",
      "link-url-0": "https://ada.example/",
      "link-label-2": "",
      "link-url-2": "http://code.example/ada",
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/settings/profile?saved=1");
    const row = await actor();
    assert.equal(row.display_name, "Ada Lovelace");
    assert.equal(row.headline, "Learning designer exploring analytical engines");
    assert.equal(row.locale, "de");
    assert.match(row.bio_html, /<strong>notes<\/strong>/);
    assert.match(
      row.bio_html,
      /<a href="https:\/\/example.org\/engines" rel="nofollow noopener ugc">/,
    );
    assert.deepEqual(row.links, [
      { label: "Site", url: "https://ada.example/" },
      { label: "code.example", url: "http://code.example/ada" },
    ]);
    const page = await (await ada.get("/settings/profile?saved=1")).text();
    assert.match(page, /Your profile is saved/);
    assert.match(page, /<option value="de" selected>Deutsch<\/option>/);
    assert.match(page, /name="link-url-1" type="url" value="http:\/\/code.example\/ada"/);
  });

  it("refuses bad values with messages, keeping what was typed and saving nothing", async () => {
    const before = await actor();
    const response = await saveProfile(ada, {
      displayName: "x".repeat(101),
      headline: "y".repeat(141),
      bio: "z".repeat(5001),
      locale: "xx",
      "link-label-0": "Evil",
      "link-url-0": "javascript:alert(1)",
      "link-url-1": "data:text/html,<script>alert(1)</script>",
      "link-url-3": "ftp://files.example/",
    });
    assert.equal(response.status, 422);
    const page = await response.text();
    assert.match(page, /Use at most 100 characters/);
    assert.match(page, /Use at most 140 characters/);
    assert.match(page, /Use at most 5,000 characters/);
    assert.match(page, /Choose one of the languages/);
    assert.equal(page.match(/Use a web address starting with https:\/\/ or http:\/\//g)?.length, 3);
    assert.doesNotMatch(page, /<script>alert/);
    assert.deepEqual(await actor(), before);
  });

  it("renders hostile names, headlines, bios and links inert", async () => {
    const response = await saveProfile(ada, {
      displayName: '<script>alert("name")</script>',
      headline: '"><img src=x onerror=alert(1)>',
      bio: [
        "<script>alert('bio')</script>",
        '[click](javascript:alert(1)) <a href="javascript:alert(2)" onclick="alert(3)">x</a>',
        "<img src=x onerror=alert(4)> <iframe src=https://evil.example></iframe>",
      ].join("\n\n"),
    });
    assert.equal(response.status, 303);
    const row = await actor();
    assert.equal(
      row.display_name,
      '<script>alert("name")</script>',
      "stored as typed, escaped on output",
    );
    assert.doesNotMatch(row.bio_html, /<script|javascript:|onerror|onclick|<iframe/i);
    const page = await (await ada.get("/settings/profile")).text();
    assert.doesNotMatch(page, /<script>alert/);
    assert.doesNotMatch(page, /<img src=x/);
    assert.doesNotMatch(page, /href="javascript:/i);
    assert.match(page, /&lt;script&gt;alert\(&quot;name&quot;\)&lt;\/script&gt;/);
    assert.match(page, /value="&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;"/);
  });

  describe("avatars", () => {
    let firstKey = "";

    it("stores a 400×400 WebP without any metadata, rotated upright", async () => {
      const jpeg = await cameraJpeg();
      const input = await sharp(jpeg).metadata();
      assert.ok(input.exif?.includes("SpyCam"), "the upload carries EXIF");
      assert.ok(input.exif?.includes(Buffer.from([0x25, 0x88])), "and a GPS block");
      const response = await saveProfile(
        ada,
        {},
        { bytes: jpeg, name: "photo.jpg", type: "image/jpeg" },
      );
      assert.equal(response.status, 303);
      const { avatar_key: key } = await actor();
      assert.match(key, /^[0-9a-f-]{36}\.webp$/);
      firstKey = key;
      const stored = await sharp(avatarFile(key)).metadata();
      assert.equal(stored.format, "webp");
      assert.equal(stored.width, 400);
      assert.equal(stored.height, 400);
      assert.equal(stored.exif, undefined);
      assert.equal(stored.icc, undefined);
      assert.equal(stored.xmp, undefined);
      assert.equal(stored.orientation, undefined);
      const bytes = fs.readFileSync(avatarFile(key));
      assert.ok(!bytes.includes("SpyCam"));
      // Orientation 6 turns the red left half to the top: upright, top is red, bottom blue.
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const colour = (x: number, y: number) => {
        const at = (y * info.width + x) * info.channels;
        const [red = 0, blue = 0] = [data[at], data[at + 2]];
        return red > 200 && blue < 60 ? "red" : blue > 200 && red < 60 ? "blue" : "other";
      };
      assert.equal(colour(100, 50), "red", "the top is red");
      assert.equal(colour(100, 350), "blue", "the bottom is blue");
      const page = await (await ada.get("/settings/profile")).text();
      assert.match(page, new RegExp(`<img class="avatar" src="/media/avatars/${key}"`));
    });

    it("serves the avatar with long caching, its type and nosniff", async () => {
      const response = await ada.get(`/media/avatars/${firstKey}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "image/webp");
      assert.equal(response.headers.get("cache-control"), "public, max-age=31536000, immutable");
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      const body = Buffer.from(await response.arrayBuffer());
      assert.deepEqual(body, fs.readFileSync(avatarFile(firstKey)));
    });

    it("answers 404 for unknown or malformed avatar keys", async () => {
      for (const key of [
        "01234567-89ab-cdef-0123-456789abcdef.webp",
        firstKey.toUpperCase(),
        firstKey.replace(".webp", ".png"),
        "..%2F..%2Fpg-secret.json",
        "%2e%2e%2f%2e%2e%2fpg-secret.json",
      ]) {
        assert.equal((await ada.get(`/media/avatars/${key}`)).status, 404, key);
      }
    });

    it("accepts PNG, WebP, GIF and AVIF by their bytes, whatever the file is called", async () => {
      for (const format of ["png", "webp", "gif", "avif"] as const) {
        const bytes = await sharp({
          create: { width: 64, height: 48, channels: 3, background: "#22aa55" },
        })
          .toFormat(format)
          .toBuffer();
        const response = await saveProfile(
          ada,
          {},
          { bytes, name: "misnamed.txt", type: "text/plain" },
        );
        assert.equal(response.status, 303, format);
        const stored = await sharp(avatarFile((await actor()).avatar_key)).metadata();
        assert.deepEqual([stored.format, stored.width, stored.height], ["webp", 400, 400], format);
      }
      assert.equal(fs.existsSync(avatarFile(firstKey)), false, "the replaced file is removed");
      assert.equal(fs.readdirSync(path.dirname(avatarFile(firstKey))).length, 1);
    });

    it("refuses files that are not images (or SVG, or too large), keeping the old avatar", async () => {
      const { avatar_key: before } = await actor();
      const svg =
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
      for (const upload of [
        {
          bytes: new TextEncoder().encode("just some text"),
          name: "photo.jpg",
          type: "image/jpeg",
        },
        { bytes: new TextEncoder().encode(svg), name: "logo.png", type: "image/png" },
        { bytes: new Uint8Array(8 * 1024 * 1024 + 1), name: "huge.jpg", type: "image/jpeg" },
      ]) {
        const response = await saveProfile(ada, { headline: "Should not be saved" }, upload);
        assert.equal(response.status, 422, upload.name);
        const page = await response.text();
        assert.match(page, /That file is not an image we can read|Use an image of at most 8 MB/);
        assert.match(page, /value="Should not be saved"/);
      }
      const row = await actor();
      assert.equal(row.avatar_key, before);
      assert.notEqual(row.headline, "Should not be saved");
      assert.equal(fs.readdirSync(path.dirname(avatarFile(before))).length, 1);
    });

    it("removes the avatar when asked", async () => {
      const { avatar_key: key } = await actor();
      const response = await saveProfile(ada, { removeAvatar: "1" });
      assert.equal(response.status, 303);
      assert.equal((await actor()).avatar_key, null);
      assert.equal(fs.existsSync(avatarFile(key)), false);
      assert.equal((await ada.get(`/media/avatars/${key}`)).status, 404);
    });
  });
});
