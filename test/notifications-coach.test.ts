import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { postStatus } from "../src/domain/api/statuses.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** Posts made from apps are coached after the fact: the notification says what and links to fix it. */
describe("the coach's notification for posts from apps", () => {
  let runtime: TestRuntime;
  let ada: CurrentUser;
  let bea: CurrentUser;

  before(async () => {
    runtime = await startTestRuntime();
    ada = await makeMember(runtime.ctx, "ada");
    bea = await makeMember(runtime.ctx, "bea");
    await follow(runtime.ctx, ada, { handle: "bea" });
  });
  after(() => runtime.close());

  it("lists the findings and links to the editor, including a reply that reaches too far", async () => {
    const parent = await createEntry(runtime.ctx, bea, {
      body: "For my followers only",
      audience: "followers",
      action: "publish",
    });
    const posted = await postStatus(runtime.ctx, ada, {
      status: "Mail me at ada@example.org about it #learning",
      visibility: "public",
      in_reply_to_id: parent.id,
    });
    assert.equal(posted.kind, "status");
    const client = await signedInClient(runtime, ada);
    const page = await (await client.get("/notifications")).text();
    assert.match(page, /The coach has a suggestion for you/);
    assert.match(page, /ada@example\.org/, "the email finding is spelled out");
    assert.match(page, /The post you are answering is for followers only/);
    assert.ok(page.includes(`href="/@ada/${posted.id}/edit">Fix it in the editor</a>`));
  });
});
