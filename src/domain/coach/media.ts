import type { DraftMedia, Finding, Rule } from "./types.ts";

/** What a file lacks for people who cannot see or hear it, or null. */
function missing(item: DraftMedia): string | null {
  const alt = item.alt.trim() !== "";
  const transcript = item.transcript.trim() !== "";
  switch (item.kind) {
    case "image":
      return alt ? null : "a photo has no alt text";
    case "audio":
      return transcript ? null : "an audio file has no transcript";
    case "video":
      if (!alt && !transcript) return "a video has no description and no transcript";
      if (!transcript) return "a video has no transcript";
      return null;
  }
}

const mediaDescription: Rule = {
  id: "media-description",
  severity: "warn",
  label: "Photos, audio and video without descriptions",
  description:
    "Notices a photo without alt text, or audio or video without a transcript or description.",
  canTurnOff: true,
  check(draft) {
    const gaps = draft.media.map(missing).filter((gap): gap is string => gap !== null);
    return gaps.map(
      (gap): Finding => ({
        rule: "media-description",
        severity: "warn",
        reason: `${gap[0]!.toUpperCase()}${gap.slice(1)}. People who cannot see or hear it — and search — rely on the words you give it. Describe it in the field under the file.`,
      }),
    );
  },
};

export const mediaRules: Rule[] = [mediaDescription];
