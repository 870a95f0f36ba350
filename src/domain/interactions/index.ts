/** Replies' threads, likes, shares, bookmarks, accepted answers, direct conversations. */
export { acceptAnswer, clearAcceptedAnswer } from "./answers.ts";
export {
  type ConversationSummary,
  conversationStart,
  directConversations,
  type Participant,
} from "./conversations.ts";
export { findPost, localActivityUri, type PostRef } from "./posts.ts";
export {
  bookmarkPost,
  likePost,
  sharePost,
  unbookmarkPost,
  unlikePost,
  unsharePost,
} from "./reactions.ts";
export { NO_STATS, type PostStats, postStats } from "./stats.ts";
export { type ThreadPost, type ThreadView, threadView } from "./thread.ts";
