import type postgres from "postgres";
import type { SimulatedServer } from "./federation-receivers.ts";

/**
 * Gives a local member `followers` remote followers spread evenly over
 * `servers` (each server's shared inbox serves several of them), with
 * set-based SQL. `tag` keeps the actors of different runs apart.
 */
export async function seedRemoteFollowers(
  sql: postgres.Sql,
  followedId: string,
  servers: SimulatedServer[],
  followers: number,
  tag: string,
): Promise<void> {
  const origins = Array.from({ length: followers }, (_, i) => servers[i % servers.length]!.origin);
  await sql`
    insert into actors (id, handle, host, uri, inbox_url, shared_inbox_url)
    select md5(${tag} || i)::uuid, ${tag} || i, substr(o, 8),
      o || '/users/' || ${tag} || i, o || '/users/' || ${tag} || i || '/inbox', o || '/inbox'
    from unnest(${origins}::text[]) with ordinality as t(o, i)`;
  await sql`
    insert into follows (follower_id, followed_id, state)
    select md5(${tag} || i)::uuid, ${followedId}::uuid, 'accepted'
    from generate_series(1, ${followers}) as i`;
  await sql`analyze actors`;
  await sql`analyze follows`;
}

export interface Publisher {
  /** The web process's origin (also PUBLIC_URL). */
  url: string;
  /** `outloud_session=…` of the publishing member. */
  session: string;
}

/** Publishes a public note through the composer (a real form POST); returns its id and the time taken. */
export async function publish(publisher: Publisher, body: string) {
  const csrf = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
  const form = new URLSearchParams({ kind: "note", body, audience: "public", _csrf: csrf });
  const started = performance.now();
  const response = await fetch(`${publisher.url}/compose`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: `${publisher.session}; outloud_csrf=${csrf}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: form,
  });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  const location = response.headers.get("location") ?? "";
  if (response.status !== 303 || !location) {
    throw new Error(`Publishing answered ${response.status}, not a 303 to the entry`);
  }
  return { ms, entryUrl: new URL(location, publisher.url).href };
}

/** Waits until `done()` (polling every 20 ms); returns the milliseconds since `since`, or null after `limitMs`. */
export async function until(done: () => boolean, since: number, limitMs: number) {
  while (!done()) {
    if (performance.now() - since > limitMs) return null;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - since;
}
