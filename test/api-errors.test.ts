import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient, MastoHttpError, type mastodon } from "masto";
import generator from "megalodon";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post } from "./helpers/interactions.ts";

/** A well-formed id of nothing, and an id that is not an id at all. */
const UNKNOWN_UUID = "0190f0f0-0000-7000-8000-000000000000";
const NOT_AN_ID = "nope";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface Call {
  method: Method;
  path: string;
  /** Sent as is, with this content type. */
  body?: string;
  type?: string;
  token?: string | null;
}

/**
 * Every error under /api: a 4xx (never a 500), JSON, with an `error` string
 * (Mastodon's shape; OAuth's own endpoints use `error` too). Failures are
 * collected, so one run names every endpoint that breaks the rule.
 */
class Checker {
  readonly problems: string[] = [];
  private readonly server: ApiServer;
  constructor(server: ApiServer) {
    this.server = server;
  }

  async send(call: Call): Promise<Response> {
    const headers: Record<string, string> = {};
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (call.type) headers["content-type"] = call.type;
    return fetch(`${this.server.url}${call.path}`, {
      method: call.method,
      headers,
      body: call.body,
    });
  }

  /** `expect`: "error" must be a 4xx; "any" may also succeed (e.g. a capped limit). */
  async check(label: string, call: Call, expect: "error" | "any" = "error"): Promise<void> {
    const name = `${label}: ${call.method} ${call.path.slice(0, 100)}`;
    const response = await this.send(call);
    const text = await response.text();
    if (response.status >= 500) {
      this.problems.push(`${name} → ${response.status}`);
      return;
    }
    if (response.status < 400) {
      if (expect === "error") this.problems.push(`${name} → ${response.status}, not an error`);
      return;
    }
    const type = response.headers.get("content-type") ?? "";
    if (!type.includes("application/json")) {
      this.problems.push(`${name} → ${response.status} as ${type}, not JSON`);
      return;
    }
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error !== "string" || body.error.length === 0) {
      this.problems.push(`${name} → ${response.status} without an error string: ${text}`);
    }
  }
}

const JSON_TYPE = "application/json";

describe("errors under /api are Mastodon's, never a page or a 500", { timeout: 120_000 }, () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let token: string;
  let ownStatus: string;
  let checker: Checker;
  let masto: mastodon.rest.Client;

  before(async () => {
    server = await startApiServer();
    alice = await makeMember(server.runtime.ctx, "alice");
    await makeMember(server.runtime.ctx, "bob");
    token = await tokenFor(server, alice, ["read", "write", "follow"]);
    ownStatus = await post(server.runtime, alice, "A status to edit badly");
    checker = new Checker(server);
    masto = createRestAPIClient({ url: server.url, accessToken: token });
  });
  after(() => server.close());

  /** Endpoints that take an id in their path. */
  const withId = (id: string): [Method, string][] => [
    ["GET", `/api/v1/accounts/${id}`],
    ["GET", `/api/v1/accounts/${id}/statuses`],
    ["GET", `/api/v1/accounts/${id}/followers`],
    ["GET", `/api/v1/accounts/${id}/following`],
    ["GET", `/api/v1/accounts/${id}/featured_tags`],
    ["GET", `/api/v1/accounts/${id}/lists`],
    ["GET", `/api/v1/accounts/${id}/identity_proofs`],
    ["POST", `/api/v1/accounts/${id}/follow`],
    ["POST", `/api/v1/accounts/${id}/unfollow`],
    ["POST", `/api/v1/accounts/${id}/block`],
    ["POST", `/api/v1/accounts/${id}/unblock`],
    ["POST", `/api/v1/accounts/${id}/mute`],
    ["POST", `/api/v1/accounts/${id}/unmute`],
    ["POST", `/api/v1/accounts/${id}/note`],
    ["POST", `/api/v1/follow_requests/${id}/authorize`],
    ["POST", `/api/v1/follow_requests/${id}/reject`],
    ["GET", `/api/v1/statuses/${id}`],
    ["PUT", `/api/v1/statuses/${id}`],
    ["DELETE", `/api/v1/statuses/${id}`],
    ["GET", `/api/v1/statuses/${id}/context`],
    ["GET", `/api/v1/statuses/${id}/history`],
    ["GET", `/api/v1/statuses/${id}/source`],
    ["GET", `/api/v1/statuses/${id}/favourited_by`],
    ["GET", `/api/v1/statuses/${id}/reblogged_by`],
    ["POST", `/api/v1/statuses/${id}/favourite`],
    ["POST", `/api/v1/statuses/${id}/unfavourite`],
    ["POST", `/api/v1/statuses/${id}/reblog`],
    ["POST", `/api/v1/statuses/${id}/unreblog`],
    ["POST", `/api/v1/statuses/${id}/bookmark`],
    ["POST", `/api/v1/statuses/${id}/unbookmark`],
    ["POST", `/api/v1/statuses/${id}/pin`],
    ["POST", `/api/v1/statuses/${id}/unpin`],
    ["GET", `/api/v1/notifications/${id}`],
    ["POST", `/api/v1/notifications/${id}/dismiss`],
    ["GET", `/api/v1/media/${id}`],
    ["PUT", `/api/v1/media/${id}`],
    ["GET", `/api/v1/scheduled_statuses/${id}`],
    ["PUT", `/api/v1/scheduled_statuses/${id}`],
    ["DELETE", `/api/v1/scheduled_statuses/${id}`],
  ];

  it("answers unknown ids, UUIDs or not, with a 4xx", async () => {
    for (const id of [NOT_AN_ID, UNKNOWN_UUID, "%00", "x".repeat(300)]) {
      for (const [method, path] of withId(id)) {
        // A valid body where one is read: only the id is wrong.
        const body = method === "PUT" ? JSON.stringify({ status: "edited" }) : undefined;
        await checker.check("unknown id", {
          method,
          path,
          token,
          body,
          type: body ? JSON_TYPE : undefined,
        });
      }
    }
    assert.deepEqual(checker.problems.splice(0), []);
  });

  /** Endpoints that read a body, and a valid path for each. */
  const bodies = (): [Method, string][] => [
    ["POST", "/api/v1/statuses"],
    ["PUT", `/api/v1/statuses/${ownStatus}`],
    ["POST", "/api/v1/markers"],
    ["PATCH", "/api/v1/accounts/update_credentials"],
    ["POST", "/api/v1/apps"],
    ["POST", `/api/v1/accounts/${UNKNOWN_UUID}/mute`],
    ["POST", "/api/v1/reports"],
    ["POST", "/oauth/token"],
    ["POST", "/oauth/revoke"],
    ["POST", "/api/v1/domain_blocks"],
  ];

  it("refuses malformed JSON bodies with a 4xx", async () => {
    for (const [method, path] of bodies()) {
      for (const body of ['{"status": ', "[1, 2]", "null", '"just a string"', "\u0000"]) {
        await checker.check("malformed JSON", { method, path, token, body, type: JSON_TYPE });
      }
    }
    // Form bodies with arrays and values mixed up (refused), a bad escape (read leniently,
    // as Rack does), and a body over the server's limit.
    const forms: [string, "error" | "any"][] = [
      ["media_ids[]=a&media_ids=b&status=x", "error"],
      ["status[]=a&status[]=b", "error"],
      ["status=%E0%A4%A", "any"],
    ];
    for (const [body, expect] of forms) {
      await checker.check(
        `odd form ${body}`,
        {
          method: "POST",
          path: "/api/v1/statuses",
          token,
          body,
          type: "application/x-www-form-urlencoded",
        },
        expect,
      );
    }
    await checker.check("oversized body", {
      method: "POST",
      path: "/api/v1/statuses",
      token,
      body: JSON.stringify({ status: "x".repeat(3_000_000) }),
      type: JSON_TYPE,
    });
    // A multipart body that is not multipart, where uploads stream.
    for (const path of ["/api/v2/media", "/api/v1/media"]) {
      await checker.check("malformed multipart", {
        method: "POST",
        path,
        token,
        body: "--nope\r\n\r\ngarbage",
        type: "multipart/form-data; boundary=abc",
      });
      await checker.check("no file", {
        method: "POST",
        path,
        token,
        body: JSON.stringify({ description: "no file" }),
        type: JSON_TYPE,
      });
    }
    assert.deepEqual(checker.problems.splice(0), []);
  });

  it("refuses parameters of the wrong type with a 4xx", async () => {
    const wrong: [Method, string, unknown][] = [
      ["POST", "/api/v1/statuses", { status: 123 }],
      ["POST", "/api/v1/statuses", { status: "hi", visibility: 5 }],
      ["POST", "/api/v1/statuses", { status: "hi", media_ids: "abc" }],
      ["POST", "/api/v1/statuses", { status: "hi", media_ids: [{}] }],
      ["POST", "/api/v1/statuses", { status: "hi", spoiler_text: {} }],
      ["POST", "/api/v1/statuses", { status: "hi", in_reply_to_id: [1] }],
      ["POST", "/api/v1/statuses", { status: "hi", scheduled_at: "tomorrow" }],
      ["POST", "/api/v1/statuses", { status: "hi", sensitive: "very" }],
      ["PUT", `/api/v1/statuses/${ownStatus}`, { status: ["a"] }],
      ["POST", "/api/v1/markers", { home: "x" }],
      ["POST", "/api/v1/markers", { home: { last_read_id: { id: 5 } } }],
      ["PATCH", "/api/v1/accounts/update_credentials", { display_name: [] }],
      ["PATCH", "/api/v1/accounts/update_credentials", { locked: "maybe" }],
      ["PATCH", "/api/v1/accounts/update_credentials", { fields_attributes: [5] }],
      ["POST", "/api/v1/apps", { client_name: 5, redirect_uris: 5 }],
      ["POST", `/api/v1/accounts/${UNKNOWN_UUID}/note`, { comment: 5 }],
      ["POST", "/oauth/token", { grant_type: 5 }],
    ];
    for (const [method, path, value] of wrong) {
      await checker.check(`wrong type ${JSON.stringify(value)}`, {
        method,
        path,
        token,
        body: JSON.stringify(value),
        type: JSON_TYPE,
      });
    }
    const query = [
      "/api/v1/timelines/home?limit=abc",
      "/api/v1/timelines/public?limit=-5",
      "/api/v1/timelines/public?local=maybe",
      "/api/v1/notifications?types[]=nonsense&limit=0",
      `/api/v1/accounts/relationships?${Array.from({ length: 101 }, (_, i) => `id[]=${i}`).join("&")}`,
      "/api/v1/accounts/lookup",
      "/api/v1/accounts/search?q=",
      "/api/v2/search?q=a&type=planets",
      "/api/v2/search?q=a&offset=-1",
      `/api/v1/timelines/home?max_id=${"9".repeat(500)}`,
    ];
    for (const path of query) {
      await checker.check("bad query", { method: "GET", path, token });
    }
    // Ids no account has are no error for relationships (there are none to answer).
    const long = `/api/v1/accounts/relationships?id[]=${"x".repeat(5000)}&id[]=${UNKNOWN_UUID}`;
    await checker.check("long ids", { method: "GET", path: long, token }, "any");
    assert.deepEqual(checker.problems.splice(0), []);
  });

  it("caps oversized limits instead of failing", async () => {
    const lists = [
      "/api/v1/timelines/home",
      "/api/v1/timelines/public",
      "/api/v1/timelines/tag/rust",
      `/api/v1/accounts/${alice.actorId}/statuses`,
      `/api/v1/accounts/${alice.actorId}/followers`,
      "/api/v1/notifications",
      "/api/v1/bookmarks",
      "/api/v1/favourites",
      "/api/v1/blocks",
      "/api/v1/mutes",
      "/api/v1/follow_requests",
      "/api/v1/conversations",
      "/api/v1/scheduled_statuses",
      "/api/v1/domain_blocks",
      "/api/v1/endorsements",
      "/api/v1/trends/tags",
      "/api/v2/search?q=a",
    ];
    for (const path of lists) {
      const url = `${path}${path.includes("?") ? "&" : "?"}limit=100000`;
      const response = await checker.send({ method: "GET", path: url, token });
      assert.ok(response.status < 500, `${url} → ${response.status}`);
      if (response.status >= 400) {
        await checker.check("oversized limit", { method: "GET", path: url, token }, "any");
        continue;
      }
      const body = (await response.json()) as unknown;
      const items = Array.isArray(body)
        ? body
        : Object.values(body as Record<string, unknown[]>).flat();
      assert.ok(items.length <= 80, `${url} gave ${items.length} items`);
    }
    assert.deepEqual(checker.problems.splice(0), []);
  });

  it("answers calls without a token, or with a bad one, with 401", async () => {
    const needUser: [Method, string][] = [
      ["GET", "/api/v1/accounts/verify_credentials"],
      ["PATCH", "/api/v1/accounts/update_credentials"],
      ["GET", "/api/v1/timelines/home"],
      ["GET", "/api/v1/notifications"],
      ["POST", "/api/v1/notifications/clear"],
      ["GET", "/api/v1/markers"],
      ["POST", "/api/v1/statuses"],
      ["DELETE", `/api/v1/statuses/${ownStatus}`],
      ["POST", `/api/v1/statuses/${ownStatus}/favourite`],
      ["GET", "/api/v1/bookmarks"],
      ["GET", "/api/v1/favourites"],
      ["GET", "/api/v1/blocks"],
      ["GET", "/api/v1/mutes"],
      ["GET", "/api/v1/follow_requests"],
      ["GET", "/api/v1/conversations"],
      ["GET", "/api/v1/accounts/relationships?id[]=x"],
      ["POST", `/api/v1/accounts/${alice.actorId}/follow`],
      ["POST", "/api/v2/media"],
      ["GET", "/api/v1/preferences"],
      ["GET", "/api/v1/apps/verify_credentials"],
      ["GET", "/api/v1/domain_blocks"],
      ["GET", "/api/v1/endorsements"],
      ["GET", "/api/v1/scheduled_statuses"],
    ];
    for (const [method, path] of needUser) {
      for (const presented of [null, "not-a-token"]) {
        const response = await checker.send({ method, path, token: presented });
        assert.equal(response.status, 401, `${method} ${path} (${presented ?? "no token"})`);
        await checker.check("no token", { method, path, token: presented });
      }
    }
    assert.deepEqual(checker.problems.splice(0), []);
  });

  it("answers unknown paths and methods under /api in JSON", async () => {
    await checker.check("unknown path", { method: "GET", path: "/api/v1/nothing-here", token });
    await checker.check("unknown path", { method: "GET", path: "/api/v3/instance" });
    await checker.check("wrong method", { method: "DELETE", path: "/api/v1/blocks", token });
    await checker.check("wrong method", { method: "PATCH", path: "/api/v1/statuses", token });
    assert.deepEqual(checker.problems.splice(0), []);
  });

  it("surfaces the errors to masto and megalodon as their HTTP errors, with the message", async () => {
    await assert.rejects(
      masto.v1.statuses.create({ status: "hi", visibility: "planet" as "public" }),
      (error) => {
        assert.ok(error instanceof MastoHttpError);
        assert.equal(error.statusCode, 422);
        assert.match(error.message, /visibility/i);
        return true;
      },
    );
    await assert.rejects(masto.v1.statuses.$select(UNKNOWN_UUID).fetch(), (error) => {
      assert.ok(error instanceof MastoHttpError);
      assert.equal(error.statusCode, 404);
      return true;
    });
    const client = generator("mastodon", server.url, token);
    await assert.rejects(
      client.getStatus(NOT_AN_ID),
      (error: { response?: { status: number; data: { error?: string } } }) => {
        assert.equal(error.response?.status, 404);
        assert.equal(typeof error.response?.data.error, "string");
        return true;
      },
    );
  });
});
