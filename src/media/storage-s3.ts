import fs from "node:fs";
import fsp from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AwsClient } from "aws4fetch";
import type { S3Config } from "../config-media.ts";
import { type ByteRange, checkKey, type MediaStorage, type StoredObject } from "./storage.ts";

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

async function failed(response: Response, what: string): Promise<Error> {
  const body = await response.text().catch(() => "");
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? "";
  return new Error(`S3 ${what} answered ${response.status} ${code}`.trim());
}

/**
 * Media in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph…), signed
 * with AWS Signature V4. Payloads are sent unsigned (`UNSIGNED-PAYLOAD`) so
 * large files stream from disk without being read twice.
 */
export class S3Storage implements MediaStorage {
  readonly kind = "s3";
  private readonly client: AwsClient;
  private readonly base: string;

  constructor(config: S3Config) {
    this.client = new AwsClient({
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      region: config.region,
      service: "s3",
    });
    // A custom endpoint gets path-style URLs; AWS itself virtual-hosted ones.
    this.base = config.endpoint
      ? `${config.endpoint}/${config.bucket}`
      : `https://${config.bucket}.s3.${config.region}.amazonaws.com`;
  }

  private url(key: string): string {
    return `${this.base}/${checkKey(key).split("/").map(encodeURIComponent).join("/")}`;
  }

  private async send(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    return this.client.fetch(url, { ...init, headers });
  }

  async put(key: string, data: Uint8Array, type: string): Promise<void> {
    const response = await this.send(this.url(key), {
      method: "PUT",
      body: data as Uint8Array<ArrayBuffer>,
      headers: { "content-type": type },
    });
    if (!response.ok) throw await failed(response, `PUT ${key}`);
    await response.arrayBuffer();
  }

  async putFile(key: string, file: string, type: string, options: { move?: boolean } = {}) {
    const { size } = await fsp.stat(file);
    const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
    const response = await this.send(this.url(key), {
      method: "PUT",
      body,
      headers: { "content-type": type, "content-length": String(size) },
      duplex: "half",
    } as RequestInit);
    if (!response.ok) throw await failed(response, `PUT ${key}`);
    await response.arrayBuffer();
    if (options.move) await fsp.rm(file, { force: true });
  }

  async read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    const headers: Record<string, string> = {};
    if (range) headers.range = `bytes=${range.start}-${range.end}`;
    const response = await this.send(this.url(key), { headers });
    if (response.status === 404) {
      await response.arrayBuffer();
      return null;
    }
    if (!response.ok || !response.body) throw await failed(response, `GET ${key}`);
    return response.body;
  }

  async readAll(key: string): Promise<Buffer | null> {
    const body = await this.read(key);
    return body ? Buffer.from(await new Response(body).arrayBuffer()) : null;
  }

  async download(key: string, file: string): Promise<boolean> {
    const body = await this.read(key);
    if (!body) return false;
    await pipeline(Readable.fromWeb(body as never), fs.createWriteStream(file));
    return true;
  }

  localPath(): null {
    return null;
  }

  async stat(key: string): Promise<StoredObject | null> {
    const response = await this.send(this.url(key), { method: "HEAD" });
    if (response.status === 404) return null;
    if (!response.ok) throw await failed(response, `HEAD ${key}`);
    return {
      key,
      size: Number(response.headers.get("content-length") ?? 0),
      modified: new Date(response.headers.get("last-modified") ?? 0),
    };
  }

  async remove(key: string): Promise<void> {
    const response = await this.send(this.url(key), { method: "DELETE" });
    if (!response.ok && response.status !== 404) throw await failed(response, `DELETE ${key}`);
    await response.arrayBuffer();
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    let token: string | null = null;
    do {
      const query = new URLSearchParams({ "list-type": "2", prefix });
      if (token) query.set("continuation-token", token);
      const response = await this.send(`${this.base}?${query}`);
      if (!response.ok) throw await failed(response, `LIST ${prefix}`);
      const xml = await response.text();
      for (const [, item = ""] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const field = (name: string) =>
          decodeXml(new RegExp(`<${name}>([^<]*)</${name}>`).exec(item)?.[1] ?? "");
        yield {
          key: field("Key"),
          size: Number(field("Size")),
          modified: new Date(field("LastModified")),
        };
      }
      const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
      token = truncated
        ? decodeXml(/<NextContinuationToken>([^<]*)</.exec(xml)?.[1] ?? "") || null
        : null;
    } while (token);
  }
}
