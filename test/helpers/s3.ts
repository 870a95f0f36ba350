import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** The folder where the server keeps objects. */
  directory: string;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}

/**
 * A real S3-compatible server on loopback: s3rver (an npm dev dependency)
 * speaking the S3 REST API with Signature V4, objects on disk. Returns the
 * reason instead when it cannot start, so the test can skip and say why.
 */
export async function startS3(bucket = "outloud-media"): Promise<S3Server | { missing: string }> {
  let S3rver: new (options: object) => S3rverInstance;
  try {
    const name = "s3rver";
    S3rver = (await import(name)).default;
  } catch (error) {
    return {
      missing: `S3 test skipped: the s3rver package is not installed (${String(error)}); run npm install`,
    };
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "outloud-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  try {
    const { port } = await server.run();
    return {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      directory,
      async close() {
        await server.close();
        fs.rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    return { missing: `S3 test skipped: s3rver could not start (${String(error)})` };
  }
}

/** The S3_* variables for a runtime using this server (s3rver's fixed credentials). */
export function s3Env(server: S3Server): Record<string, string> {
  return {
    S3_ENDPOINT: server.endpoint,
    S3_BUCKET: server.bucket,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
  };
}
