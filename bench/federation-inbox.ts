import http from "node:http";
import {
  AS_CONTEXT,
  type FakeActor,
  type FakeRemote,
  PUBLIC,
  type SignedPost,
} from "../test/helpers/fake-remote.ts";

/** `count` distinct Create(Note) activities from `sender`, signed for `inbox` ahead of the load. */
export async function signedCreates(
  remote: FakeRemote,
  sender: FakeActor,
  inbox: string,
  count: number,
  tag: string,
): Promise<SignedPost[]> {
  const posts: SignedPost[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${sender.id}/notes/${tag}-${i}`;
    const addressing = { to: [PUBLIC], cc: [`${sender.id}/followers`] };
    posts.push(
      await remote.sign(sender, inbox, {
        "@context": AS_CONTEXT,
        id: `${id}/activity`,
        type: "Create",
        actor: sender.id,
        ...addressing,
        object: {
          id,
          type: "Note",
          attributedTo: sender.id,
          content: `<p>Benchmark note ${i}: what I learned today about feedback loops.</p>`,
          published: new Date().toISOString(),
          ...addressing,
        },
      }),
    );
  }
  return posts;
}

export interface InboxLoad {
  accepted: number;
  failed: number;
  /** Milliseconds each request took until its answer, in order of completion. */
  latencies: number[];
  wallMs: number;
}

/** POSTs one signed activity; resolves to its status (0 when the connection failed). */
function send(agent: http.Agent, signed: SignedPost): Promise<number> {
  return new Promise<number>((resolve) => {
    const url = new URL(signed.url);
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: Object.fromEntries(signed.headers),
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", () => resolve(0));
    request.end(signed.body);
  });
}

/**
 * Posts the signed activities with `concurrency` keep-alive connections, each
 * sending its next one as soon as the last is answered (a closed loop: it
 * finds the most the inbox accepts); times each answer.
 */
export async function postAll(posts: SignedPost[], concurrency: number): Promise<InboxLoad> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let accepted = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < posts.length) {
        const signed = posts[next++]!;
        const t0 = performance.now();
        const status = await send(agent, signed);
        latencies.push(performance.now() - t0);
        if (status === 202) accepted++;
        else failed++;
      }
    }),
  );
  const wallMs = performance.now() - started;
  agent.destroy();
  return { accepted, failed, latencies, wallMs };
}

/**
 * Posts the signed activities at a steady `perSecond`, each at its own
 * scheduled moment whether or not earlier ones were answered (an open loop,
 * as many servers delivering independently would). Each latency runs from
 * the scheduled moment, so a slow answer that delays the next send counts
 * against the inbox rather than hiding (no coordinated omission).
 */
export async function postAtRate(posts: SignedPost[], perSecond: number): Promise<InboxLoad> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  let accepted = 0;
  let failed = 0;
  const answers: Promise<void>[] = [];
  const started = performance.now();
  let next = 0;
  while (next < posts.length) {
    const now = performance.now();
    while (next < posts.length && started + (next * 1000) / perSecond <= now) {
      const due = started + (next * 1000) / perSecond;
      answers.push(
        send(agent, posts[next++]!).then((status) => {
          latencies.push(performance.now() - due);
          if (status === 202) accepted++;
          else failed++;
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(answers);
  const wallMs = performance.now() - started;
  agent.destroy();
  return { accepted, failed, latencies, wallMs };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
