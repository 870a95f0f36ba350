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
    assert.equal(config.logLevel, "info");
    assert.equal(config.secureCookies, false);
    assert.equal(config.role, "all");
    assert.equal(config.trustProxy, false);
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
    };
    assert.throws(
      () => loadConfig(bad),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 7);
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
