import type { Config } from "../config.ts";
import { LocalStorage } from "./storage-local.ts";
import { S3Storage } from "./storage-s3.ts";

/** A byte range, both ends included (as in HTTP `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredObject {
  key: string;
  size: number;
  modified: Date;
}

/**
 * Where media files live: local disk under DATA_DIR/media, or an
 * S3-compatible bucket. Keys are relative paths ("avatars/<id>.webp",
 * "files/<id>/display.jpg"); every write is whole or nothing.
 */
export interface MediaStorage {
  readonly kind: "local" | "s3";
  /** Stores bytes under `key`, replacing what was there. */
  put(key: string, data: Uint8Array, type: string): Promise<void>;
  /** Stores a local file under `key`; with `move` the file is consumed (renamed when it can be). */
  putFile(key: string, file: string, type: string, options?: { move?: boolean }): Promise<void>;
  /** The object's bytes (or a range of them) as a stream, or null when it does not exist. */
  read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  /** The whole object in memory (small files only: avatars), or null. */
  readAll(key: string): Promise<Buffer | null>;
  /** Writes the object to a local file; false when it does not exist. */
  download(key: string, file: string): Promise<boolean>;
  /** The object's path on this machine's disk, when the storage is local. */
  localPath(key: string): string | null;
  stat(key: string): Promise<StoredObject | null>;
  remove(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string): AsyncIterable<StoredObject>;
}

const KEY = /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/i;

/** Refuses keys that could leave the storage root or confuse a bucket. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes("..") || key.length > 512) {
    throw new Error(`Not a valid media key: ${key}`);
  }
  return key;
}

const instances = new WeakMap<Config, MediaStorage>();

/** The storage this configuration asks for (one per configuration). */
export function mediaStorage(config: Config): MediaStorage {
  let storage = instances.get(config);
  if (!storage) {
    storage = config.media.s3
      ? new S3Storage(config.media.s3)
      : new LocalStorage(`${config.dataDir}/media`);
    instances.set(config, storage);
  }
  return storage;
}
