/**
 * Deciding what a file is from its first bytes (magic numbers), never from
 * its name or declared type; those only serve to refuse a file that lies.
 */

export type MediaKind = "image" | "audio" | "video";

export interface Sniffed {
  /** The format family: jpeg, png, gif, webp, avif, mp4, matroska, ogg, mpeg-audio, wav, flac, avi. */
  format: string;
  /** "av": a container that holds audio or video; ffprobe tells which. */
  kind: MediaKind | "av";
  /** Words for messages ("a JPEG image"). */
  label: string;
}

/** A file we will not take, with the reason in words the member can act on. */
export class MediaRefused extends Error {
  /** 413 for too large, 422 for a refused type or a damaged or lying file. */
  readonly status: 413 | 422;
  constructor(message: string, status: 413 | 422 = 422) {
    super(message);
    this.name = "MediaRefused";
    this.status = status;
  }
}

/** Bytes to read before deciding. */
export const SNIFF_BYTES = 4100;

const ACCEPTED_LIST =
  "a JPEG, PNG, WebP, GIF or AVIF image; MP3, AAC, M4A, Ogg, Opus, WAV or FLAC audio; or an MP4, MOV, WebM, MKV or AVI video";

const startsWith = (bytes: Uint8Array, prefix: number[] | string, at = 0) => {
  const codes = typeof prefix === "string" ? [...prefix].map((c) => c.charCodeAt(0)) : prefix;
  return codes.every((code, i) => bytes[at + i] === code);
};
const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** ISO base media (MP4, MOV, M4A, AVIF, HEIC): the `ftyp` box's brands. */
function ftypBrands(bytes: Uint8Array): string[] | null {
  if (!startsWith(bytes, "ftyp", 4)) return null;
  const size = Math.min(
    ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0,
    bytes.length,
  );
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

/**
 * An MPEG audio frame header: 11 sync bits, then either ADTS (AAC: layer 0)
 * or MP1–MP3 with a valid version, layer, bitrate and sample rate (so a
 * UTF-16 text file's FF FE does not pass).
 */
function mpegAudio(bytes: Uint8Array): boolean {
  const [b0, b1 = 0, b2 = 0] = bytes;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  if ((b1 & 0xf6) === 0xf0) return true;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  return version !== 1 && layer !== 0 && b2 >> 4 !== 15 && ((b2 >> 2) & 3) !== 3;
}

function refusedText(bytes: Uint8Array): string | null {
  let text = ascii(bytes, 0, Math.min(bytes.length, 512)).replace(/^\uFEFF|^\xEF\xBB\xBF/, "");
  text = text.trimStart().toLowerCase();
  if (text.startsWith("<svg") || (text.startsWith("<?xml") && text.includes("<svg"))) {
    return "SVG images are not accepted: they can carry scripts. Export the image as PNG or JPEG.";
  }
  if (/^<(!doctype html|html|head|body|script|iframe|!--)/.test(text)) {
    return "Web pages (HTML) are not accepted as media.";
  }
  if (text.startsWith("<?xml")) return "XML files are not accepted as media.";
  return null;
}

/**
 * What the bytes are. Refuses (throws `MediaRefused`) SVG, HTML, archives,
 * programs, documents and anything unknown.
 */
export function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    return { format: "jpeg", kind: "image", label: "a JPEG image" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { format: "png", kind: "image", label: "a PNG image" };
  }
  if (startsWith(bytes, "GIF87a") || startsWith(bytes, "GIF89a")) {
    return { format: "gif", kind: "image", label: "a GIF image" };
  }
  if (startsWith(bytes, "RIFF") && startsWith(bytes, "WEBP", 8)) {
    return { format: "webp", kind: "image", label: "a WebP image" };
  }
  if (startsWith(bytes, "RIFF") && startsWith(bytes, "WAVE", 8)) {
    return { format: "wav", kind: "audio", label: "a WAV audio file" };
  }
  if (startsWith(bytes, "RIFF") && startsWith(bytes, "AVI ", 8)) {
    return { format: "avi", kind: "video", label: "an AVI video" };
  }
  const brands = ftypBrands(bytes);
  if (brands) {
    if (brands.some((b) => b === "avif" || b === "avis")) {
      return { format: "avif", kind: "image", label: "an AVIF image" };
    }
    if (brands.some((b) => ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].includes(b))) {
      throw new MediaRefused(
        "HEIC/HEIF photos are not supported yet. Export the photo as JPEG (most phones can) and upload that.",
      );
    }
    if (["M4A ", "M4B ", "M4P "].includes(brands[0]!)) {
      return { format: "mp4", kind: "audio", label: "an M4A audio file" };
    }
    return { format: "mp4", kind: "av", label: "an MP4 or MOV file" };
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) {
    return { format: "matroska", kind: "av", label: "a WebM or MKV file" };
  }
  if (startsWith(bytes, "OggS")) return { format: "ogg", kind: "av", label: "an Ogg file" };
  if (startsWith(bytes, "fLaC"))
    return { format: "flac", kind: "audio", label: "a FLAC audio file" };
  if (startsWith(bytes, "ID3") || mpegAudio(bytes)) {
    return { format: "mpeg-audio", kind: "audio", label: "an MP3 or AAC audio file" };
  }

  const text = refusedText(bytes);
  if (text) throw new MediaRefused(text);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    throw new MediaRefused(
      "Archives (zip files) are not accepted. Upload the photos or recordings themselves.",
    );
  }
  if (
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    startsWith(bytes, "MZ") ||
    startsWith(bytes, "#!") ||
    [
      [0xfe, 0xed, 0xfa, 0xce],
      [0xfe, 0xed, 0xfa, 0xcf],
      [0xce, 0xfa, 0xed, 0xfe],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xca, 0xfe, 0xba, 0xbe],
    ].some((magic) => startsWith(bytes, magic))
  ) {
    throw new MediaRefused("Programs and scripts are not accepted.");
  }
  if (startsWith(bytes, "%PDF")) throw new MediaRefused("PDF documents are not accepted as media.");
  if (bytes.length === 0) throw new MediaRefused("That file is empty.", 422);
  throw new MediaRefused(`That type of file is not supported. Upload ${ACCEPTED_LIST}.`);
}

/** Names and types people's files come with, per format family (and refused kinds). */
const DECLARED: Record<string, { extensions: string[]; types: string[]; label: string }> = {
  jpeg: {
    extensions: ["jpg", "jpeg", "jpe", "jfif"],
    types: ["image/jpeg", "image/jpg", "image/pjpeg"],
    label: "a JPEG image",
  },
  png: { extensions: ["png", "apng"], types: ["image/png", "image/apng"], label: "a PNG image" },
  gif: { extensions: ["gif"], types: ["image/gif"], label: "a GIF image" },
  webp: { extensions: ["webp"], types: ["image/webp"], label: "a WebP image" },
  avif: { extensions: ["avif"], types: ["image/avif"], label: "an AVIF image" },
  heic: {
    extensions: ["heic", "heif"],
    types: ["image/heic", "image/heif"],
    label: "a HEIC image",
  },
  mp4: {
    extensions: ["mp4", "m4v", "m4a", "m4b", "mov", "qt", "3gp"],
    types: [
      "video/mp4",
      "audio/mp4",
      "audio/x-m4a",
      "audio/m4a",
      "video/quicktime",
      "video/3gpp",
      "video/x-m4v",
    ],
    label: "an MP4 or MOV file",
  },
  matroska: {
    extensions: ["webm", "mkv", "mka"],
    types: ["video/webm", "audio/webm", "video/x-matroska", "audio/x-matroska"],
    label: "a WebM or MKV file",
  },
  ogg: {
    extensions: ["ogg", "oga", "ogv", "opus"],
    types: ["audio/ogg", "video/ogg", "audio/opus", "application/ogg"],
    label: "an Ogg file",
  },
  "mpeg-audio": {
    extensions: ["mp3", "aac", "mp2"],
    types: ["audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/aac", "audio/x-aac", "audio/aacp"],
    label: "an MP3 or AAC audio file",
  },
  wav: {
    extensions: ["wav", "wave"],
    types: ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"],
    label: "a WAV audio file",
  },
  flac: { extensions: ["flac"], types: ["audio/flac", "audio/x-flac"], label: "a FLAC audio file" },
  avi: {
    extensions: ["avi"],
    types: ["video/x-msvideo", "video/avi", "video/msvideo"],
    label: "an AVI video",
  },
  svg: { extensions: ["svg", "svgz"], types: ["image/svg+xml"], label: "an SVG image" },
  html: {
    extensions: ["html", "htm", "xhtml", "shtml"],
    types: ["text/html", "application/xhtml+xml"],
    label: "a web page",
  },
  zip: {
    extensions: ["zip"],
    types: ["application/zip", "application/x-zip-compressed"],
    label: "a zip archive",
  },
  pdf: { extensions: ["pdf"], types: ["application/pdf"], label: "a PDF document" },
  program: {
    extensions: ["exe", "dll", "msi", "sh", "bat", "cmd", "com", "js", "mjs", "app", "apk", "elf"],
    types: [
      "application/x-msdownload",
      "application/x-executable",
      "application/x-sh",
      "text/javascript",
      "application/javascript",
    ],
    label: "a program",
  },
};

function familyOfExtension(name: string): string | null {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim());
  if (!match) return null;
  const extension = match[1]!.toLowerCase();
  return Object.keys(DECLARED).find((f) => DECLARED[f]!.extensions.includes(extension)) ?? null;
}

function familyOfType(type: string): string | null {
  const bare = type.split(";")[0]!.trim().toLowerCase();
  return Object.keys(DECLARED).find((f) => DECLARED[f]!.types.includes(bare)) ?? null;
}

/**
 * Refuses a file whose name or declared type says it is something other than
 * what its bytes are (a PNG named .jpg, a JPEG sent as image/png): such a
 * file was renamed by hand or crafted, and browsers and tools disagree on it.
 * Unknown extensions and generic types (application/octet-stream) say nothing.
 */
export function checkDeclared(sniffed: Sniffed, name: string, type: string): void {
  for (const [family, how] of [
    [familyOfExtension(name), `is named like`],
    [familyOfType(type), `was sent as`],
  ] as const) {
    if (family && family !== sniffed.format) {
      throw new MediaRefused(
        `“${name || "The file"}” ${how} ${DECLARED[family]!.label}, but its contents are ${sniffed.label}. Export it again in one format, or fix its name.`,
        422,
      );
    }
  }
}

/**
 * Cheap checks that an image file is complete, from its last bytes: JPEG ends
 * with an EOI marker, PNG with IEND, GIF with its trailer, WebP fills its RIFF size.
 */
export function looksComplete(
  format: string,
  head: Uint8Array,
  tail: Uint8Array,
  size: number,
): boolean {
  const has = (pattern: number[]) => {
    for (let i = tail.length - pattern.length; i >= 0; i--) {
      if (pattern.every((code, j) => tail[i + j] === code)) return true;
    }
    return false;
  };
  switch (format) {
    case "jpeg":
      return has([0xff, 0xd9]);
    case "png":
      return has([0x49, 0x45, 0x4e, 0x44]);
    case "gif":
      return has([0x3b]);
    case "webp": {
      const riff = (head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24)) >>> 0;
      return riff + 8 <= size;
    }
    default:
      return true;
  }
}
