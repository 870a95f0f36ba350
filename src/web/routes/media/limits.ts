import type { Config } from "../../../config.ts";

/** The largest multipart body an upload form may send: the largest file and room for the text. */
export function uploadBodyLimit(config: Config): number {
  const { media } = config;
  return (
    Math.max(media.maxImageBytes, media.maxAudioBytes, media.maxVideoBytes) + config.maxBodyBytes
  );
}
