import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import type { CurrentUser } from "../src/domain/viewer.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import {
  jpeg,
  jpegWithGps,
  mediaRows,
  png,
  storedFiles,
  uploadFile,
  variantBytes,
} from "./helpers/media.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** A PNG whose header claims `width` × `height` pixels (a decompression bomb's shape). */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(64))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("photos", () => {
  let runtime: TestRuntime;
  let member: CurrentUser;
  let client: TestClient;

  before(async () => {
    runtime = await startTestRuntime({ MEDIA_MAX_IMAGE_BYTES: String(1024 * 1024) });
    member = await makeMember(runtime.ctx, "ada");
    client = await signedInClient(runtime, member);
  });
  after(() => runtime.close());

  it("strips EXIF and GPS from every variant and stores the specified sizes", async () => {
    const response = await uploadFile(
      client,
      await jpegWithGps(3000, 2000),
      "beach.jpg",
      "image/jpeg",
    );
    assert.equal(response.status, 201);
    const uploaded = (await response.json()) as {
      id: string;
      locationRemoved: boolean;
      state: string;
    };
    assert.equal(uploaded.state, "processing");
    assert.equal(uploaded.locationRemoved, true, "the member is told location data is removed");
    await runtime.drainJobs();

    const [row] = (await mediaRows(runtime)).filter((r) => r.id === uploaded.id);
    assert.ok(row);
    assert.equal(row.state, "ready");
    assert.equal(row.location_removed, true);
    assert.deepEqual([row.width, row.height], [3000, 2000]);
    assert.match(row.blurhash ?? "", /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{20,}$/);
    const expected = { thumb: [400, 267], display: [1280, 853], original: [3000, 2000] };
    for (const [name, [width, height]] of Object.entries(expected)) {
      const variant: { key: string; width?: number; height?: number } | undefined =
        row.variants[name];
      assert.ok(variant, `${name} stored`);
      const data = variantBytes(runtime, variant.key);
      const metadata = await sharp(data).metadata();
      assert.equal(metadata.format, "jpeg", name);
      assert.deepEqual([metadata.width, metadata.height], [width, height], `${name} size`);
      assert.deepEqual([variant.width, variant.height], [width, height]);
      assert.equal(metadata.exif, undefined, `${name} has no EXIF`);
      assert.equal(metadata.xmp, undefined, `${name} has no XMP`);
      assert.equal(metadata.icc, undefined, `${name} has no ICC profile`);
      assert.ok(!data.includes(Buffer.from("TestCam")), `${name} keeps no camera name`);
    }
    // The upload itself is gone once processed.
    assert.deepEqual(
      storedFiles(runtime).filter((file) => file.startsWith("incoming")),
      [],
    );
  });

  it("caps the original at 4096 px and turns sideways photos upright", async () => {
    const wide = await sharp({
      create: { width: 6000, height: 1000, channels: 3, background: "#123456" },
    })
      .jpeg()
      .toBuffer();
    const sideways = await sharp({
      create: { width: 300, height: 100, channels: 3, background: "#654321" },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const ids: string[] = [];
    for (const [data, name] of [
      [wide, "wide.jpg"],
      [sideways, "sideways.jpg"],
    ] as const) {
      const response = await uploadFile(client, data, name, "image/jpeg");
      assert.equal(response.status, 201);
      ids.push(((await response.json()) as { id: string }).id);
    }
    await runtime.drainJobs();
    const rows = await mediaRows(runtime);
    const wideRow = rows.find((r) => r.id === ids[0])!;
    assert.deepEqual(
      [wideRow.variants.original?.width, wideRow.variants.original?.height],
      [4096, 683],
    );
    const uprightRow = rows.find((r) => r.id === ids[1])!;
    assert.deepEqual(
      [uprightRow.width, uprightRow.height],
      [100, 300],
      "rotated by its EXIF orientation",
    );
    const display = await sharp(variantBytes(runtime, uprightRow.variants.display!.key)).metadata();
    assert.deepEqual([display.width, display.height], [100, 300]);
    assert.equal(display.orientation, undefined);
  });

  it("keeps transparency as WebP", async () => {
    const response = await uploadFile(client, await png(800, 600, true), "logo.png", "image/png");
    assert.equal(response.status, 201);
    const { id } = (await response.json()) as { id: string };
    await runtime.drainJobs();
    const row = (await mediaRows(runtime)).find((r) => r.id === id)!;
    assert.equal(row.variants.display?.type, "image/webp");
    const metadata = await sharp(variantBytes(runtime, row.variants.display!.key)).metadata();
    assert.equal(metadata.hasAlpha, true);
  });

  describe("refuses, with a clear 4xx and nothing stored", async () => {
    const noise = await sharp({
      create: {
        width: 1400,
        height: 1400,
        channels: 3,
        background: "#000",
        noise: { type: "gaussian", mean: 128, sigma: 60 },
      },
    })
      .jpeg({ quality: 95 })
      .toBuffer();
    const goodJpeg = await jpeg(800, 600);
    const cases: [string, Uint8Array, string, string, number, RegExp][] = [
      [
        "a PNG renamed .jpg",
        await png(),
        "photo.jpg",
        "image/jpeg",
        422,
        /named like a JPEG image.*PNG image/,
      ],
      [
        "a JPEG declared image/png",
        goodJpeg,
        "photo",
        "image/png",
        422,
        /sent as a PNG image.*JPEG image/,
      ],
      [
        "an SVG",
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        "x.svg",
        "image/svg+xml",
        422,
        /SVG images are not accepted/,
      ],
      [
        "an SVG with an XML prolog named .png",
        Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
        "x.png",
        "image/png",
        422,
        /SVG/,
      ],
      [
        "an HTML file",
        Buffer.from("<!DOCTYPE html><html><script>alert(1)</script></html>"),
        "page.jpg",
        "image/jpeg",
        422,
        /HTML/,
      ],
      [
        "a zip",
        Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(100)]),
        "photos.zip",
        "application/zip",
        422,
        /zip/,
      ],
      [
        "a program",
        Buffer.from([0x7f, 0x45, 0x4c, 0x46, ...Buffer.alloc(100)]),
        "run",
        "application/octet-stream",
        422,
        /Programs/,
      ],
      [
        "a truncated JPEG",
        goodJpeg.subarray(0, Math.floor(goodJpeg.length * 0.6)),
        "cut.jpg",
        "image/jpeg",
        422,
        /incomplete/,
      ],
      [
        "a 60-megapixel image",
        pngClaiming(8000, 7500),
        "huge.png",
        "image/png",
        422,
        /60 megapixels.*limit is 50/,
      ],
      [
        "a file over the image limit",
        noise,
        "noise.jpg",
        "image/jpeg",
        413,
        /larger than the 1 MB limit/,
      ],
      [
        "an unknown type",
        Buffer.from("just some text, nothing more"),
        "notes.txt",
        "text/plain",
        422,
        /not supported/,
      ],
    ];
    for (const [name, data, fileName, type, status, message] of cases) {
      it(name, async () => {
        const before = await mediaRows(runtime);
        const response = await uploadFile(client, data, fileName, type);
        assert.equal(response.status, status, name);
        const body = (await response.json()) as { error: string };
        assert.match(body.error, message);
        assert.equal((await mediaRows(runtime)).length, before.length, "no row");
        assert.deepEqual(storedFiles(runtime, "tmp/uploads"), [], "no scratch file");
        assert.deepEqual(
          storedFiles(runtime).filter((file) => file.startsWith("incoming")),
          [],
          "no stored upload",
        );
      });
    }
  });

  it("refuses uploads from visitors and forged requests", async () => {
    const { TestClient } = await import("./helpers/client.ts");
    const visitor = new TestClient(runtime.app);
    const anonymous = await uploadFile(visitor, await jpeg(), "a.jpg", "image/jpeg");
    assert.equal(anonymous.status, 401);
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await jpeg())], { type: "image/jpeg" }), "a.jpg");
    const forged = await client.request("/media", { method: "POST", body: form });
    assert.equal(forged.status, 403, "no CSRF token, no upload");
  });
});
