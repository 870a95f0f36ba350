import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { acceptAnswer } from "../src/domain/interactions/index.ts";
import { searchEntries } from "../src/domain/search/index.ts";
import { ANONYMOUS, type CurrentUser, type Viewer } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** has:question and is:unanswered: questions asked as replies, one of them answered. */
describe("searching questions", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-05-01T10:00:00Z");
  const names = new Map<string, string>();
  let ada: CurrentUser;
  let bob: CurrentUser;

  async function write(name: string, author: CurrentUser, fields: Record<string, unknown>) {
    clock = new Date(clock.getTime() + 60_000);
    const { id } = await createEntry(runtime.ctx, author, { action: "publish", ...fields });
    names.set(id, name);
    return id;
  }
  async function found(q: string, viewer: Viewer = ANONYMOUS) {
    const results = await searchEntries(runtime.ctx, viewer, { q });
    return results.hits.map((hit) => names.get(hit.entry?.id ?? "") ?? hit.entry?.id ?? "");
  }

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    ada = await makeMember(runtime.ctx, "ada");
    bob = await makeMember(runtime.ctx, "bob");
    const root = await write("root", ada, { body: "Our onboarding prototype" });
    const asked = await write("asked", bob, {
      body: "How long did the prototype take?",
      inReplyToId: root,
      isQuestion: true,
    });
    await write("open", bob, {
      body: "Which tool for the prototype?",
      inReplyToId: root,
      isQuestion: "on",
    });
    await write("hidden", bob, {
      body: "A private prototype question",
      inReplyToId: root,
      isQuestion: true,
      audience: "private",
    });
    const answer = await write("answer", ada, { body: "Two days", inReplyToId: asked });
    await acceptAnswer(runtime.ctx, ada, { questionId: asked, answerId: answer });
  });

  after(() => runtime.close());

  it("finds questions, and those still without an accepted answer", async () => {
    assert.deepEqual(await found("has:question"), ["open", "asked"]);
    assert.deepEqual(await found("is:unanswered"), ["open"]);
    assert.deepEqual(await found("prototype -has:question"), ["root"]);
    assert.deepEqual(await found("-is:unanswered has:question"), ["asked"]);
  });

  it("counts only questions the viewer may see", async () => {
    assert.deepEqual(await found("is:unanswered", bob), ["hidden", "open"]);
    assert.deepEqual(await found("is:unanswered", ada), ["open"]);
  });
});
