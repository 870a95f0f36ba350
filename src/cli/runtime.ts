import { loadDotEnv, openRuntime, type Runtime } from "../boot.ts";
import { loadConfig } from "../config.ts";
import { setupLogging } from "../log.ts";

/**
 * Opens the runtime for one command (using the running server's embedded
 * PostgreSQL, or starting it for the command's duration), runs `command`,
 * and always closes it again.
 */
export async function withRuntime<T>(command: (runtime: Runtime) => Promise<T>): Promise<T> {
  loadDotEnv();
  const config = loadConfig(process.env);
  // Commands talk to a person: only warnings unless LOG_LEVEL asks for more.
  await setupLogging(process.env.LOG_LEVEL ? config.logLevel : "warning");
  const runtime = await openRuntime(config, { migrate: true });
  try {
    return await command(runtime);
  } finally {
    await runtime.close();
  }
}
