/** Notifications: telling members (notify) and what they read of it. */
export * from "./follows.ts";
export * from "./manage.ts";
export * from "./notify.ts";
export * from "./views.ts";
