import type { mastodon } from "masto";
import type { ApiServer } from "./api-server.ts";
import { png } from "./media.ts";

/** A raw API call, for what client libraries hide: status codes, headers, error bodies. */
export async function call(
  server: ApiServer,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read Mastodon's JSON field by field.
): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? JSON.parse(text) : null,
    headers: response.headers,
  };
}

/**
 * Uploads an image as an app does (masto waits for processing by polling
 * GET /api/v1/media/:id) while this test's worker runs the processing job.
 */
export async function uploadImage(
  server: ApiServer,
  client: mastodon.rest.Client,
  description?: string,
): Promise<mastodon.v1.MediaAttachment> {
  const file = new Blob([new Uint8Array(await png(320, 200))], { type: "image/png" });
  let done = false;
  const upload = client.v2.media
    .create({ file, ...(description ? { description } : {}) })
    .finally(() => {
      done = true;
    });
  // Run jobs until the app sees the file processed (no clock involved: it ends when it is done).
  while (!done) {
    await server.runtime.drainJobs();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return upload;
}
