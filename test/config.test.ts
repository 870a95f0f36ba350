import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("loadConfig", () => {
  it("uses the documented defaults", () => {
    const config = loadConfig({}, "/srv/outloud");
    assert.equal(config.port, 3000);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.publicUrl, "http://localhost:3000");
    assert.equal(config.dataDir, path.resolve("/srv/outloud/data"));
    assert.equal(config.databaseUrl, null);
    assert.equal(config.pgSharedBuffersMb, null, "sized from the machine's memory");
    assert.equal(config.logLevel, "info");
    assert.equal(config.secureCookies, false);
    assert.equal(config.role, "all");
    assert.equal(config.trustProxy, false);
    assert.equal(config.workerAsyncCommit, true);
    assert.equal(config.pageCacheSeconds, 60);
    assert.equal(config.maxBodyBytes, 10_485_760);
    assert.ok(Object.isFrozen(config));
  });

  it("reads every variable", () => {
    const config = loadConfig(
      {
        PORT: "8080",
        HOST: "0.0.0.0",
        PUBLIC_URL: "https://social.example.org/",
        DATA_DIR: "/var/lib/outloud",
        DATABASE_URL: "postgres://u:p@db:5432/outloud",
        LOG_LEVEL: "DEBUG",
        MAX_BODY_BYTES: "2048",
        OUTLOUD_ROLE: "worker",
        TRUST_PROXY: "true",
        PAGE_CACHE_SECONDS: "0",
        FEDERATION_ALLOW_PRIVATE_ADDRESS: "true",
        WORKER_ASYNC_COMMIT: "0",
        PG_SHARED_BUFFERS_MB: "512",
      },
      "/srv",
    );
    assert.equal(config.port, 8080);
    assert.equal(config.host, "0.0.0.0");
    assert.equal(config.publicUrl, "https://social.example.org");
    assert.equal(config.secureCookies, true);
    assert.equal(config.dataDir, "/var/lib/outloud");
    assert.equal(config.databaseUrl, "postgres://u:p@db:5432/outloud");
    assert.equal(config.logLevel, "debug");
    assert.equal(config.maxBodyBytes, 2048);
    assert.equal(config.role, "worker");
    assert.equal(config.trustProxy, true);
    assert.equal(config.pageCacheSeconds, 0);
    assert.equal(config.federationAllowPrivateAddress, true);
    assert.equal(config.workerAsyncCommit, false);
    assert.equal(config.pgSharedBuffersMb, 512);
  });

  it("never lets federation reach private addresses unless told to", () => {
    assert.equal(loadConfig({}).federationAllowPrivateAddress, false);
  });

  it("derives PUBLIC_URL from PORT", () => {
    assert.equal(loadConfig({ PORT: "4000" }).publicUrl, "http://localhost:4000");
  });

  it("reports every bad value at once", () => {
    const bad = {
      PORT: "eighty",
      PUBLIC_URL: "ftp://example.org",
      DATABASE_URL: "mysql://localhost/db",
      LOG_LEVEL: "loud",
      MAX_BODY_BYTES: "-1",
      OUTLOUD_ROLE: "everything",
      TRUST_PROXY: "maybe",
      PAGE_CACHE_SECONDS: "soon",
      FEDERATION_ALLOW_PRIVATE_ADDRESS: "perhaps",
      WORKER_ASYNC_COMMIT: "later",
      PG_SHARED_BUFFERS_MB: "8",
    };
    assert.throws(
      () => loadConfig(bad),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 11);
        for (const name of Object.keys(bad)) {
          assert.ok(
            error.problems.some((problem) => problem.startsWith(name)),
            `${name} reported`,
          );
        }
        return true;
      },
    );
  });

  it("rejects ports out of range and a PUBLIC_URL with a path", () => {
    assert.throws(() => loadConfig({ PORT: "70000" }), /PORT/);
    assert.throws(() => loadConfig({ PORT: "0" }), /PORT/);
    assert.throws(() => loadConfig({ PUBLIC_URL: "https://example.org/outloud" }), /PUBLIC_URL/);
    assert.throws(() => loadConfig({ PUBLIC_URL: "not a url" }), /PUBLIC_URL/);
  });
});

describe("loadConfig: media", () => {
  it("uses the documented media defaults: local storage", () => {
    const { media } = loadConfig({});
    assert.equal(media.maxImageBytes, 16 * 1024 * 1024);
    assert.equal(media.maxImagePixels, 50_000_000);
    assert.equal(media.maxAudioBytes, 100 * 1024 * 1024);
    assert.equal(media.maxVideoBytes, 500 * 1024 * 1024);
    assert.equal(media.maxDurationSeconds, 1800);
    assert.equal(media.concurrency, 1);
    assert.equal(media.ffmpegThreads, 1);
    assert.equal(media.ffmpegTimeoutSeconds, 3600);
    assert.equal(media.s3, null);
    assert.ok(Object.isFrozen(media));
  });

  it("reads every MEDIA_ and S3_ variable", () => {
    const { media } = loadConfig({
      MEDIA_MAX_IMAGE_BYTES: "2048",
      MEDIA_MAX_IMAGE_PIXELS: "1000000",
      MEDIA_MAX_AUDIO_BYTES: "4096",
      MEDIA_MAX_VIDEO_BYTES: "8192",
      MEDIA_MAX_DURATION_SECONDS: "60",
      MEDIA_CONCURRENCY: "2",
      MEDIA_FFMPEG_THREADS: "3",
      MEDIA_FFMPEG_TIMEOUT_SECONDS: "120",
      S3_ENDPOINT: "http://127.0.0.1:9000/",
      S3_BUCKET: "outloud-media",
      S3_REGION: "eu-west-1",
      S3_ACCESS_KEY_ID: "key",
      S3_SECRET_ACCESS_KEY: "secret",
    });
    assert.deepEqual(
      [
        media.maxImageBytes,
        media.maxImagePixels,
        media.maxAudioBytes,
        media.maxVideoBytes,
        media.maxDurationSeconds,
        media.concurrency,
        media.ffmpegThreads,
        media.ffmpegTimeoutSeconds,
      ],
      [2048, 1_000_000, 4096, 8192, 60, 2, 3, 120],
    );
    assert.deepEqual(media.s3, {
      endpoint: "http://127.0.0.1:9000",
      bucket: "outloud-media",
      region: "eu-west-1",
      accessKeyId: "key",
      secretAccessKey: "secret",
    });
  });

  it("reports every bad media value at once, and an incomplete S3 setting", () => {
    const bad = {
      MEDIA_MAX_IMAGE_BYTES: "lots",
      MEDIA_MAX_IMAGE_PIXELS: "0",
      MEDIA_MAX_AUDIO_BYTES: "-5",
      MEDIA_MAX_VIDEO_BYTES: "1.5",
      MEDIA_MAX_DURATION_SECONDS: "forever",
      MEDIA_CONCURRENCY: "0",
      MEDIA_FFMPEG_THREADS: "many",
      MEDIA_FFMPEG_TIMEOUT_SECONDS: "1",
      S3_ENDPOINT: "ftp://storage",
      S3_BUCKET: "Not_A_Bucket",
    };
    assert.throws(
      () => loadConfig(bad),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of [...Object.keys(bad), "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) {
          assert.ok(
            error.problems.some((problem) => problem.startsWith(name)),
            `${name} reported`,
          );
        }
        return true;
      },
    );
  });
});
