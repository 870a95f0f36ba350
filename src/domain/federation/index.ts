/** What the federation layer (src/federation) calls; nothing here knows Fedify. */
export { isUuid } from "../ids.ts";
export * from "./actors.ts";
export * from "./delivery.ts";
export * from "./follows.ts";
export * from "./home-timeline.ts";
export * from "./keys.ts";
export * from "./kv.ts";
export * from "./outgoing.ts";
export * from "./queue.ts";
export * from "./remote-posts.ts";
export * from "./remote-profile.ts";
export * from "./social-outgoing.ts";
