import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, getLogger, type Logger, reset } from "@logtape/logtape";
import type { LogLevel } from "./config.ts";

/** Sets up LogTape once per process: one category per module under "outloud". */
export async function setupLogging(level: LogLevel): Promise<void> {
  await configure({
    reset: true,
    // Fedify wraps every request in LogTape's withContext: without a store it
    // writes a "not configured" warning to the console twice per inbox POST.
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: getConsoleSink() },
    loggers: [
      { category: ["outloud"], lowestLevel: level, sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}

export async function resetLogging(): Promise<void> {
  await reset();
}

export function logger(...category: string[]): Logger {
  return getLogger(["outloud", ...category]);
}
