/** Search and discovery: what pages, (later) the client API and the CLI call. */
export {
  BUILDER_FIELDS,
  type BuilderField,
  type BuilderValues,
  compose,
  decompose,
} from "./builder.ts";
export { isSearchCursor, SEARCH_SORTS, type SearchSort } from "./cursor.ts";
export {
  type DirectoryMember,
  type DirectoryPage,
  directoryMembers,
} from "./directory.ts";
export {
  COUNT_CAP,
  type SearchHit,
  type SearchOptions,
  type SearchResults,
  searchEntries,
  type Total,
} from "./entries.ts";
export { explainQuery, KIND_NAMES, queryCaveats } from "./explain.ts";
export { type SearchPageResults, searchForPage } from "./for-page.ts";
export { formatQuery } from "./format.ts";
export { rebuildSearchIndex, refreshEntrySearch } from "./index-entry.ts";
export { rebuildRemoteSearchIndex } from "./index-remote-post.ts";
export { parseQuery } from "./parse.ts";
export { matchingPeople, matchingTags, nameWords } from "./people.ts";
export {
  EMPTY_QUERY,
  HAS_VALUES,
  MAX_QUERY_CHARS,
  SEARCH_KINDS,
  SEARCH_PROMPTS,
  type SearchQuery,
} from "./query.ts";
export type { RemotePostHit } from "./remote-results.ts";
export {
  deleteSavedSearch,
  MAX_SAVED_SEARCHES,
  NEW_COUNT_CAP,
  openSavedSearch,
  type SavedSearch,
  type SavedSearchWithNews,
  savedSearchesOf,
  saveSearch,
} from "./saved.ts";
export type { Highlighted, Piece, Snippet } from "./snippets.ts";
export { peopleToFollow, type Suggestion } from "./suggestions.ts";
export { RELATED_SAMPLE, type RelatedTag, type TagOverview, tagOverview } from "./tag-overview.ts";
