import fs from "node:fs/promises";
import path from "node:path";

/**
 * Media files on local disk under DATA_DIR/media. Keys are relative paths
 * ("avatars/<id>.webp") checked by the caller; object storage can replace
 * this module later behind the same three functions.
 */
function fileFor(dataDir: string, key: string): string {
  const root = path.join(dataDir, "media");
  const file = path.resolve(root, key);
  if (!file.startsWith(root + path.sep)) throw new Error(`Media key outside storage: ${key}`);
  return file;
}

/** Writes a file whole or not at all (temporary file, then rename). */
export async function putMedia(dataDir: string, key: string, data: Uint8Array): Promise<void> {
  const file = fileFor(dataDir, key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, file);
}

export async function getMedia(dataDir: string, key: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(fileFor(dataDir, key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function removeMedia(dataDir: string, key: string): Promise<void> {
  await fs.rm(fileFor(dataDir, key), { force: true });
}
