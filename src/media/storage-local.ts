import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ByteRange, checkKey, type MediaStorage, type StoredObject } from "./storage.ts";

function missing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/** Media on this machine's disk: one file per key under `root`. */
export class LocalStorage implements MediaStorage {
  readonly kind = "local";
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private fileFor(key: string): string {
    const file = path.resolve(this.root, checkKey(key));
    if (!file.startsWith(this.root + path.sep))
      throw new Error(`Media key outside storage: ${key}`);
    return file;
  }

  /** A temporary name beside `file`: renamed into place, so readers never see half a file. */
  private async temporaryFor(file: string): Promise<string> {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    return `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const file = this.fileFor(key);
    const temporary = await this.temporaryFor(file);
    await fsp.writeFile(temporary, data);
    await fsp.rename(temporary, file);
  }

  async putFile(key: string, source: string, _type: string, options: { move?: boolean } = {}) {
    const file = this.fileFor(key);
    const temporary = await this.temporaryFor(file);
    if (options.move) {
      try {
        await fsp.rename(source, file);
        return;
      } catch (error) {
        // Another filesystem: copy, then remove the source.
        if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      }
    }
    await fsp.copyFile(source, temporary);
    await fsp.rename(temporary, file);
    if (options.move) await fsp.rm(source, { force: true });
  }

  async read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    const file = this.fileFor(key);
    const handle = await fsp.open(file, "r").catch((error) => {
      if (missing(error)) return null;
      throw error;
    });
    if (!handle) return null;
    const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }

  async readAll(key: string): Promise<Buffer | null> {
    try {
      return await fsp.readFile(this.fileFor(key));
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  async download(key: string, target: string): Promise<boolean> {
    try {
      await pipeline(fs.createReadStream(this.fileFor(key)), fs.createWriteStream(target));
      return true;
    } catch (error) {
      if (missing(error)) return false;
      throw error;
    }
  }

  localPath(key: string): string {
    return this.fileFor(key);
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const stats = await fsp.stat(this.fileFor(key));
      return { key, size: stats.size, modified: stats.mtime };
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    const file = this.fileFor(key);
    await fsp.rm(file, { force: true });
    // Leave no empty folders behind (files/<id>/ once its last variant is gone).
    await fsp.rmdir(path.dirname(file)).catch(() => {});
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    const walk = async function* (dir: string, root: string): AsyncIterable<StoredObject> {
      let names: fs.Dirent[];
      try {
        names = await fsp.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (missing(error)) return;
        throw error;
      }
      for (const entry of names) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) yield* walk(full, root);
        else if (entry.isFile()) {
          const stats = await fsp.stat(full).catch(() => null);
          if (stats) {
            const key = path.relative(root, full).split(path.sep).join("/");
            yield { key, size: stats.size, modified: stats.mtime };
          }
        }
      }
    };
    const start = path.join(this.root, path.dirname(`${prefix}x`));
    for await (const object of walk(start, this.root)) {
      if (object.key.startsWith(prefix)) yield object;
    }
  }
}
