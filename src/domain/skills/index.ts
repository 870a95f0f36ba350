/** The skills area: what pages (and later the API) call. */
export {
  MAX_DESCRIPTION_CHARS,
  MAX_NAME_CHARS,
  type SkillInput,
  TAG_TYPES,
  type TagType,
} from "./schema.ts";
export {
  addEvidence,
  createSkill,
  deleteSkill,
  rateSkill,
  removeEvidence,
  updateSkill,
} from "./skills.ts";
export { type MemberTag, memberTags, setTagTypes } from "./tag-types.ts";
export {
  type EvidenceView,
  evidenceCandidates,
  evidenceSuggestions,
  memberSkills,
  type RatingView,
  type SkillSummary,
  type SkillView,
  skillForViewer,
} from "./views.ts";
