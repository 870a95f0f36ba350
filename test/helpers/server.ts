import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../src/db/embedded.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The project's Node 24, as `npm start` uses it. */
export const NODE = path.join(ROOT, "node_modules/.bin/node");

/** A fresh folder a root-started postgres user can reach (mkdtemp makes 0700). */
export function freshDataDir(prefix = "outloud-server-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Environment for a child Outloud process: ours, minus what would redirect it. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  delete base.NODE_TEST_CONTEXT;
  delete base.NODE_OPTIONS;
  return { ...base, ...env };
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process ended. */
  exited: Promise<number | string>;
}

/**
 * Starts the real server the way `npm start` does and waits until it answers
 * `GET /`. Rejects (with its output) when it exits or does not answer in time.
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(NODE, ["src/main.ts"], {
    cwd: ROOT,
    env: childEnv({ LOG_LEVEL: "info", ...env, PORT: String(port) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const server: ServerProcess = {
    child,
    pid: child.pid ?? 0,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
  };
  let ended: number | string | null = null;
  void exited.then((code) => (ended = code));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (ended !== null)
      throw new Error(`The server exited (${ended}) before answering:\n${output}`);
    if (await answers(server.url)) return server;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill("SIGKILL");
  throw new Error(`The server did not answer within the time limit:\n${output}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/`, { redirect: "manual" });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** Sends a signal and waits for the process to end; returns its exit code or signal. */
export async function stopServer(
  server: ServerProcess,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<number | string> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill(signal);
  }
  return server.exited;
}

/** Whether a process exists (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** Waits (bounded) until a process is gone; returns whether it is. */
export async function waitUntilGone(pid: number, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

/** The postmaster pid written in DATA_DIR/pg/postmaster.pid, or null. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(
      fs.readFileSync(path.join(dataDir, "pg/postmaster.pid"), "utf8").split("\n")[0],
    );
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The processes whose parent is pid (a postmaster's helpers and backends), from /proc. */
export function childrenOf(pid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
        // Fields after "(comm)": state, ppid, …
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The Node processes whose parent is `pid` and that run Outloud's main.ts. */
export function outloudChildren(pid: number): number[] {
  const children: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const command = fs.readFileSync(`/proc/${name}/cmdline`, "utf8");
      if (parent === pid && command.includes("src/main.ts")) children.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return children.sort((x, y) => x - y);
}
