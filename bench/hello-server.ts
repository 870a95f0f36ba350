import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "../src/db/embedded.ts";
import { childEnv, NODE, ROOT } from "../test/helpers/server.ts";

/** Starts bench/hello.ts (the bare Hono baseline) on a free port and waits until it answers. */
export async function startHello(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(NODE, ["bench/hello.ts"], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port) }),
    stdio: "inherit",
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; tries < 200; tries++) {
    try {
      await (await fetch(url)).arrayBuffer();
      return { child, url };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw new Error("The hello-world server did not start");
}
