import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { remotePosts } from "../../src/db/schema/federation.ts";
import { createMember } from "../../src/domain/accounts/members.ts";
import { remotePostVisibleTo } from "../../src/domain/authorization.ts";
import { createEntry } from "../../src/domain/entries/index.ts";
import { followRemote } from "../../src/domain/federation/index.ts";
import type { CurrentUser, Viewer } from "../../src/domain/viewer.ts";
import { makeMember } from "./entries-fixtures.ts";
import { AS_CONTEXT, type FakeActor, FakeRemote, PUBLIC } from "./fake-remote.ts";
import { type Instance, settle, startInstance } from "./federation.ts";

let sequence = 0;

/** A Create of a Note by `author` (fields override the Note's own). */
export function note(author: FakeActor, fields: Record<string, unknown> = {}) {
  const id = `${author.id}/notes/${++sequence}`;
  return {
    "@context": AS_CONTEXT,
    id: `${id}/activity`,
    type: "Create",
    actor: author.id,
    to: fields.to ?? [PUBLIC],
    object: {
      id,
      type: "Note",
      attributedTo: author.id,
      content: "<p>Hello</p>",
      to: [PUBLIC],
      ...fields,
    },
  };
}

/** Any activity by `actor`, with a fresh id. */
export function activity(actor: FakeActor, type: string, object: unknown, extra = {}) {
  return {
    "@context": AS_CONTEXT,
    id: `${actor.id}/${type.toLowerCase()}s/${++sequence}`,
    type,
    actor: actor.id,
    object,
    ...extra,
  };
}

interface InboxWorld {
  b: Instance;
  remote: FakeRemote;
  other: FakeRemote;
  admin: CurrentUser;
  bob: CurrentUser;
  cleo: CurrentUser;
  mallory: FakeActor;
  carol: FakeActor;
  entryId: string;
  entryUri: string;
}

/**
 * The receiving side of inbox tests: a real Outloud instance on loopback
 * with an admin (ada), two members (bob, cleo) and a public entry of Bob's,
 * and two fake remote servers with one account each (mallory, carol) that
 * send really signed activities.
 */
export class InboxFixture implements InboxWorld {
  readonly b: Instance;
  readonly remote: FakeRemote;
  readonly other: FakeRemote;
  readonly admin: CurrentUser;
  readonly bob: CurrentUser;
  readonly cleo: CurrentUser;
  readonly mallory: FakeActor;
  readonly carol: FakeActor;
  readonly entryId: string;
  readonly entryUri: string;

  private constructor(values: InboxWorld) {
    this.b = values.b;
    this.remote = values.remote;
    this.other = values.other;
    this.admin = values.admin;
    this.bob = values.bob;
    this.cleo = values.cleo;
    this.mallory = values.mallory;
    this.carol = values.carol;
    this.entryId = values.entryId;
    this.entryUri = values.entryUri;
  }

  static async start(): Promise<InboxFixture> {
    const [b, remote, other] = await Promise.all([
      startInstance(),
      FakeRemote.start(),
      // Checks signatures, so a document there can require signed GETs (authorized fetch).
      FakeRemote.start({ verifySignatures: true }),
    ]);
    const admin = await createMember(
      b.runtime.ctx,
      { handle: "ada", email: "ada@example.org", password: "correct horse battery" },
      "admin",
    );
    const bob = await makeMember(b.runtime.ctx, "bob");
    const cleo = await makeMember(b.runtime.ctx, "cleo");
    const [mallory, carol] = await Promise.all([remote.actor("mallory"), other.actor("carol")]);
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "How do you review pull requests?",
      audience: "public",
    });
    const entryUri = `${b.origin}/@bob/${entry.id}`;
    return new InboxFixture({
      b,
      remote,
      other,
      admin,
      bob,
      cleo,
      mallory,
      carol,
      entryId: entry.id,
      entryUri,
    });
  }

  rows(query: string) {
    return this.b.runtime.database.sql.unsafe<Record<string, unknown>[]>(query);
  }

  async count(query: string): Promise<number> {
    return Number((await this.rows(query))[0]?.n ?? 0);
  }

  /** A member's notifications of one type, oldest first, with the sender's URI. */
  notificationsOf(member: CurrentUser, type: string) {
    return this.rows(`select n.*, a.uri as from_uri from notifications n
      left join actors a on a.id = n.from_actor_id
      where n.recipient_id = '${member.actorId}' and n.type = '${type}' order by n.id`);
  }

  /** The remote post kept with this ActivityPub id, or null. */
  async postAt(uri: string) {
    const db = this.b.runtime.ctx.db;
    const [post] = await db.select().from(remotePosts).where(eq(remotePosts.uri, uri));
    return post ?? null;
  }

  /** Whether `viewer` may read the kept post (through `remotePostVisibleTo`). */
  async sees(viewer: Viewer, uri: string): Promise<boolean> {
    const found = await this.b.runtime.ctx.db
      .select({ id: remotePosts.id })
      .from(remotePosts)
      .where(and(eq(remotePosts.uri, uri), remotePostVisibleTo(viewer, "direct")));
    return found.length === 1;
  }

  actorUri(handle: string): string {
    return `${this.b.origin}/@${handle}`;
  }

  inboxOf(handle: string): string {
    return `${this.b.origin}/@${handle}/inbox`;
  }

  get sharedInbox(): string {
    return `${this.b.origin}/inbox`;
  }

  settle() {
    return settle(this.b);
  }

  /** `member` follows a fake account, which accepts; returns the Follow it received. */
  async follow(member: CurrentUser, actor: FakeActor, host: FakeRemote) {
    await followRemote(this.b.runtime.ctx, member, actor.id);
    await this.settle();
    const request = host.received.find(
      (a) =>
        a.type === "Follow" && a.actor === this.actorUri(member.handle) && a.object === actor.id,
    );
    assert.ok(request, "the Follow reached the remote server");
    await host.send(actor, this.inboxOf(member.handle), activity(actor, "Accept", request));
    await this.settle();
    return request;
  }

  async close() {
    await Promise.all([this.b.close(), this.remote.close(), this.other.close()]);
  }
}
