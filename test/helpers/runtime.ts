import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openRuntime, type Runtime } from "../../src/boot.ts";
import { loadConfig } from "../../src/config.ts";
import { connect } from "../../src/db/client.ts";
import { createApp } from "../../src/web/app.ts";

export interface TestRuntime extends Runtime {
  app: ReturnType<typeof createApp>;
  dataDir: string;
}

/**
 * A real Outloud runtime on a fresh, empty database: a new database on the
 * server in DATABASE_URL when it is set, else a new embedded PostgreSQL.
 */
export async function startTestRuntime(
  env: Record<string, string> = {},
  options: { now?: () => Date } = {},
): Promise<TestRuntime> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "outloud-test-"));
  fs.chmodSync(dataDir, 0o755);
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | null = null;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `outloud_test_${randomBytes(6).toString("hex")}`;
    const admin = connect(serverUrl, { max: 1 }).sql;
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const again = connect(serverUrl, { max: 1 }).sql;
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    };
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    PUBLIC_URL: "http://localhost:3000",
    LOG_LEVEL: "error",
    TRUST_PROXY: "true",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const runtime = await openRuntime(config, options);
  const app = createApp(runtime.ctx);
  return {
    ...runtime,
    app,
    dataDir,
    async close() {
      await runtime.close();
      await dropDatabase?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
