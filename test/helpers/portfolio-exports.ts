import { inflateSync } from "node:zlib";
import { unzipSync } from "fflate";

/**
 * Reading our exports back in tests: the text drawn in a PDF (pdfkit's
 * standard-font output: hex strings in TJ arrays, inside Flate streams) and
 * the files of a zip.
 */
export function pdfText(pdf: Uint8Array): string {
  const source = Buffer.from(pdf).toString("latin1");
  const lines: string[] = [];
  for (const match of source.matchAll(/<<([\s\S]*?)>>\s*stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = source.indexOf("endstream", start);
    const raw = Buffer.from(source.slice(start, end), "latin1");
    let content: string;
    try {
      content = (/FlateDecode/.test(match[1] ?? "") ? inflateSync(raw) : raw).toString("latin1");
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ/g)) {
      const text = [...(tj[1] ?? "").matchAll(/<([0-9a-fA-F]*)>/g)]
        .map((hex) => Buffer.from(hex[1] ?? "", "hex").toString("latin1"))
        .join("");
      lines.push(text);
    }
  }
  return lines.join("\n");
}

export function unzip(zip: Uint8Array): Map<string, string> {
  const files = unzipSync(zip);
  return new Map(
    Object.entries(files).map(([name, data]) => [name, Buffer.from(data).toString("utf8")]),
  );
}
