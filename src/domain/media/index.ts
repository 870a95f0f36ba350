/** The media area: what pages, the upload endpoint and the file server call. */
export {
  attachEntryMedia,
  entryMediaInput,
  MAX_ALT_CHARS,
  MAX_MEDIA_PER_ENTRY,
  MAX_TRANSCRIPT_CHARS,
  prepareEntryMedia,
  statusWithMedia,
} from "./attach.ts";
export { discardUpload, removeEntryMedia } from "./delete.ts";
export { limitFor, type MediaKind } from "./files.ts";
export { publishWhenMediaReady } from "./publish.ts";
export { scheduleMediaSweep, sweepMedia } from "./sweep.ts";
export { refusal, type UploadedMedia, type UploadInput, uploadMedia } from "./upload.ts";
export {
  entryMediaIds,
  type MediaFile,
  type MediaView,
  mediaFileFor,
  mediaForEntries,
  ownMedia,
  type VariantView,
} from "./views.ts";
