import http from "node:http";
import type { AddressInfo } from "node:net";
import { freePort } from "../src/db/embedded.ts";

/** One simulated remote server: its origin and whether it answers. */
export interface SimulatedServer {
  origin: string;
  live: boolean;
}

/**
 * Remote servers for the fan-out benchmark, all in this process on
 * loopback: one listening port each (a port is a host to the sender, so
 * its per-host circuit breaker sees separate servers). Live ones answer 202
 * to any inbox POST; of the dead ones, half answer 500 and half refuse the
 * connection (nobody listens on their port). Counts, per activity id, how
 * many distinct live servers received it, and any second copy.
 */
export async function startSimulatedServers(count: number, deadShare: number) {
  const deadEvery = deadShare > 0 ? Math.round(1 / deadShare) : 0;
  const servers: SimulatedServer[] = [];
  const listening: http.Server[] = [];
  const reached = new Map<string, Set<number>>();
  let duplicates = 0;
  for (let i = 0; i < count; i++) {
    const dead = deadEvery > 0 && i % deadEvery === deadEvery - 1;
    if (dead && i % (2 * deadEvery) === 2 * deadEvery - 1) {
      // Refuses connections: a port nobody listens on.
      servers.push({ origin: `http://127.0.0.1:${await freePort()}`, live: false });
      continue;
    }
    const index = i;
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        if (dead) {
          response.writeHead(500).end();
          return;
        }
        let id = "";
        try {
          id = String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id?: unknown }).id);
        } catch {}
        const seen = reached.get(id) ?? new Set<number>();
        if (seen.has(index)) duplicates++;
        seen.add(index);
        reached.set(id, seen);
        response.writeHead(202).end();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    listening.push(server);
    const { port } = server.address() as AddressInfo;
    servers.push({ origin: `http://127.0.0.1:${port}`, live: !dead });
  }
  return {
    servers,
    liveCount: servers.filter((s) => s.live).length,
    /** How many distinct live servers have received this activity. */
    reachedBy: (activityId: string) => reached.get(activityId)?.size ?? 0,
    duplicates: () => duplicates,
    async close() {
      await Promise.all(
        listening.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
