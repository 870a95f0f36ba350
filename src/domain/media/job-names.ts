/** The media area's job kinds (handlers in jobs.ts). */
export const PROCESS_JOB = "process-media";
export const PUBLISH_READY_JOB = "publish-entry-when-media-ready";
export const SWEEP_JOB = "sweep-media";
