import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  fireNudge,
  nextOccurrence,
  periodAt,
  type Rhythm,
  updateRhythm,
} from "../src/domain/reflection/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** The prompt rhythm: next occurrences on the member's clock, nudges fired once, the settings form. */

const at = (iso: string) => new Date(iso);
const rhythm = (over: Partial<Rhythm>): Rhythm => ({
  cadence: "weekly",
  weekday: 7,
  localTime: "09:00",
  timeZone: "Europe/Berlin",
  ...over,
});
const next = (r: Partial<Rhythm>, after: string) =>
  nextOccurrence(rhythm(r), at(after))?.toISOString();

describe("next occurrence on the member's wall clock", () => {
  it("keeps 09:00 Berlin time when summer time starts (last Sunday of March)", () => {
    // Sunday 22 March 09:00 CET is 08:00Z; a week later 09:00 CEST is 07:00Z.
    assert.equal(next({}, "2026-03-21T12:00:00Z"), "2026-03-22T08:00:00.000Z");
    assert.equal(next({}, "2026-03-22T08:00:00Z"), "2026-03-29T07:00:00.000Z");
  });

  it("moves a time in the spring-forward gap to the hour after (02:30 → 03:30)", () => {
    assert.equal(next({ localTime: "02:30" }, "2026-03-28T12:00:00Z"), "2026-03-29T01:30:00.000Z");
  });

  it("keeps 09:00 Berlin time when summer time ends (last Sunday of October), daily", () => {
    const daily = { cadence: "daily" as const };
    assert.equal(next(daily, "2026-10-24T08:00:00Z"), "2026-10-25T08:00:00.000Z");
    assert.equal(next(daily, "2026-10-24T06:00:00Z"), "2026-10-24T07:00:00.000Z");
    assert.equal(next(daily, "2026-10-25T08:00:00Z"), "2026-10-26T08:00:00.000Z");
  });

  it("takes the first of the two 02:30s in the autumn overlap, and fires once that night", () => {
    const daily = { cadence: "daily" as const, localTime: "02:30" };
    assert.equal(next(daily, "2026-10-24T12:00:00Z"), "2026-10-25T00:30:00.000Z");
    // After it, the next is the following night, not the repeated 02:30 CET (01:30Z).
    assert.equal(next(daily, "2026-10-25T00:30:00Z"), "2026-10-26T01:30:00.000Z");
  });

  it("works in zones west and east of UTC, with and without summer time", () => {
    // New York starts summer time on 8 March 2026: Monday 08:00 EDT is 12:00Z.
    assert.equal(
      next(
        { timeZone: "America/New_York", weekday: 1, localTime: "08:00" },
        "2026-03-06T00:00:00Z",
      ),
      "2026-03-09T12:00:00.000Z",
    );
    // Kolkata, +05:30 all year: 07:15 IST is 01:45Z; already past at 02:00Z.
    assert.equal(
      next(
        { timeZone: "Asia/Kolkata", cadence: "daily", localTime: "07:15" },
        "2026-01-01T02:00:00Z",
      ),
      "2026-01-02T01:45:00.000Z",
    );
    // Auckland, +13 in January: its 2 January 06:00 is 1 January 17:00Z.
    assert.equal(
      next(
        { timeZone: "Pacific/Auckland", cadence: "daily", localTime: "06:00" },
        "2026-01-01T00:00:00Z",
      ),
      "2026-01-01T17:00:00.000Z",
    );
    assert.equal(
      next({ timeZone: "UTC", weekday: 3, localTime: "23:59" }, "2026-01-07T23:59:00Z"),
      "2026-01-14T23:59:00.000Z",
    );
  });

  it("has none when the cadence is off", () => {
    assert.equal(nextOccurrence(rhythm({ cadence: "off" }), at("2026-01-01T00:00:00Z")), null);
  });

  it("names each period once and rotates the five questions by the calendar", () => {
    const weekly = rhythm({});
    assert.deepEqual(periodAt(weekly, at("2026-03-29T07:00:00Z")), {
      key: "2026-W13",
      prompt: "inspired",
    });
    assert.deepEqual(periodAt(weekly, at("2026-04-05T07:00:00Z")), {
      key: "2026-W14",
      prompt: "helped-by",
    });
    assert.deepEqual(periodAt(weekly, at("2026-04-12T07:00:00Z")), {
      key: "2026-W15",
      prompt: "working-on",
    });
    // Late on Sunday in UTC is already Monday in Berlin: the next week.
    assert.equal(periodAt(weekly, at("2026-03-29T22:30:00Z")).key, "2026-W14");
    const daily = rhythm({ cadence: "daily" });
    assert.deepEqual(periodAt(daily, at("2026-03-29T07:00:00Z")), {
      key: "2026-03-29",
      prompt: "learning",
    });
    const five = [0, 1, 2, 3, 4].map(
      (i) => periodAt(daily, new Date(Date.UTC(2026, 2, 29 + i, 8))).prompt,
    );
    assert.equal(new Set(five).size, 5);
  });
});

describe("the nudge job", () => {
  let runtime: TestRuntime;
  let clock = at("2026-03-22T12:00:00Z");
  let ada: CurrentUser;

  const nudgeJobs = async () =>
    runtime.database.sql<
      {
        payload: { actorId: string; version: number; at: string };
        run_at: string | Date;
        state: string;
      }[]
    >`
      select payload, run_at, state from jobs where kind = 'reflection-nudge' order by run_at, created_at`;
  const nudges = async (actorId = ada.actorId) =>
    (
      await runtime.database.sql<{ period: string; prompt: string }[]>`
      select period, prompt from reflection_nudges where actor_id = ${actorId} order by period`
    ).map((row) => ({ period: row.period, prompt: row.prompt }));

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    ada = await makeMember(runtime.ctx, "ada");
  });
  after(() => runtime.close());

  it("queues the first question at the member's local time", async () => {
    const saved = await updateRhythm(runtime.ctx, ada, {
      cadence: "weekly",
      weekday: "7",
      localTime: "09:00",
      timeZone: "Europe/Berlin",
    });
    assert.equal(saved.nextAt?.toISOString(), "2026-03-29T07:00:00.000Z");
    const jobs = await nudgeJobs();
    assert.equal(jobs.length, 1);
    assert.equal(new Date(jobs[0]?.run_at ?? 0).toISOString(), "2026-03-29T07:00:00.000Z");
  });

  it("does nothing before its time", async () => {
    const [job] = await nudgeJobs();
    clock = at("2026-03-29T06:59:00Z");
    assert.equal(await fireNudge(runtime.ctx, job!.payload), "not-due");
    assert.equal((await nudges()).length, 0);
  });

  it("asks the week's question once, even when two workers run the job at once", async () => {
    const [job] = await nudgeJobs();
    clock = at("2026-03-29T07:00:00Z");
    const outcomes = await Promise.all([
      fireNudge(runtime.ctx, job!.payload),
      fireNudge(runtime.ctx, job!.payload),
    ]);
    assert.deepEqual(outcomes.sort(), ["created", "stale"]);
    assert.deepEqual(await nudges(), [{ period: "2026-W13", prompt: "inspired" }]);
    const jobs = await nudgeJobs();
    assert.equal(jobs.length, 2, "exactly one follow-up job");
    assert.equal(new Date(jobs[1]?.run_at ?? 0).toISOString(), "2026-04-05T07:00:00.000Z");
  });

  it("does nothing when the same job runs again after a restart, or a duplicate is queued", async () => {
    const [first] = await nudgeJobs();
    clock = at("2026-03-29T07:05:00Z");
    assert.equal(await fireNudge(runtime.ctx, first!.payload), "stale");
    await runtime.database.sql`insert into jobs (id, kind, payload, run_at)
      values (gen_random_uuid(), 'reflection-nudge', ${JSON.stringify(first!.payload)}::jsonb, now())`;
    await runtime.drainJobs();
    assert.equal((await nudges()).length, 1);
  });

  it("runs from the queue at the next occurrence and keeps the rhythm going", async () => {
    clock = at("2026-04-05T07:00:00Z");
    // The queue's own clock is the database's: the follow-up woke early above (not due
    // on the test clock) and was put back with a backoff; make it due again.
    await runtime.database.sql`update jobs set run_at = now() where state = 'pending'`;
    await runtime.drainJobs();
    assert.deepEqual(await nudges(), [
      { period: "2026-W13", prompt: "inspired" },
      { period: "2026-W14", prompt: "helped-by" },
    ]);
    const pending = (await nudgeJobs()).filter(
      (job) => job.payload.at === "2026-04-12T07:00:00.000Z",
    );
    assert.equal(pending.length, 1);
  });

  it("asks the current week's question when the job runs weeks late (server down)", async () => {
    const [late] = (await nudgeJobs()).filter(
      (job) => job.payload.at === "2026-04-12T07:00:00.000Z",
    );
    // W13 and W14 asked; the job for Sunday 12 April (W15) only runs on Tuesday 28 April:
    // the latest Sunday by then is 26 April (W17).
    clock = at("2026-04-28T10:00:00Z");
    assert.equal(await fireNudge(runtime.ctx, late!.payload), "created");
    assert.deepEqual((await nudges()).at(-1), { period: "2026-W17", prompt: "connected" });
    const pending = (await nudgeJobs()).filter(
      (job) => job.payload.at === "2026-05-03T07:00:00.000Z",
    );
    assert.equal(pending.length, 1, "the next question is next Sunday's");
  });

  it("reschedules when the settings change: the old job becomes a no-op", async () => {
    const old = (await nudgeJobs()).find((job) => job.payload.at === "2026-05-03T07:00:00.000Z");
    clock = at("2026-05-01T10:00:00Z");
    const saved = await updateRhythm(runtime.ctx, ada, {
      cadence: "daily",
      weekday: "1",
      localTime: "18:00",
      timeZone: "Europe/Berlin",
    });
    assert.equal(saved.nextAt?.toISOString(), "2026-05-01T16:00:00.000Z");
    clock = at("2026-05-03T07:00:00Z");
    assert.equal(await fireNudge(runtime.ctx, old!.payload), "stale");
    assert.equal((await nudges()).length, 3);
  });

  it("stops asking when the cadence is off", async () => {
    clock = at("2026-05-01T11:00:00Z");
    const fresh = (await nudgeJobs()).find((job) => job.payload.at === "2026-05-01T16:00:00.000Z");
    await updateRhythm(runtime.ctx, ada, {
      cadence: "off",
      weekday: "1",
      localTime: "18:00",
      timeZone: "UTC",
    });
    clock = at("2026-05-01T16:00:00Z");
    assert.equal(await fireNudge(runtime.ctx, fresh!.payload), "stale");
    assert.equal((await nudges()).length, 3);
  });
});

describe("the rhythm settings page and the nudge card", () => {
  let runtime: TestRuntime;
  let clock = at("2026-03-22T12:00:00Z");
  let ada: CurrentUser;
  let browser: TestClient;

  const count = async (table: string) => {
    const [row] = await runtime.database.sql.unsafe<{ n: number }[]>(
      `select count(*)::int as n from ${table}`,
    );
    return row?.n ?? 0;
  };

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    ada = await makeMember(runtime.ctx, "ada");
    browser = await signedInClient(runtime, ada);
  });
  after(() => runtime.close());

  it("shows the form with its labels, and sends visitors to sign in", async () => {
    const page = await (await browser.get("/settings/reflection")).text();
    for (const label of ["Cadence", "Day", "Time", "Time zone"]) {
      assert.match(page, new RegExp(`<label for="[^"]+">${label}</label>`));
    }
    const visitor = await new TestClient(runtime.app).get("/settings/reflection");
    assert.equal(visitor.status, 303);
    assert.match(visitor.headers.get("location") ?? "", /^\/sign-in\?next=/);
  });

  it("refuses an unknown time zone or a bad time with 422 and writes nothing", async () => {
    const badZone = await browser.post("/settings/reflection", {
      cadence: "weekly",
      weekday: "7",
      localTime: "09:00",
      timeZone: "Mars/Olympus_Mons",
    });
    assert.equal(badZone.status, 422);
    const page = await badZone.text();
    assert.match(page, /Use a time zone name like Europe\/Berlin/);
    const badTime = await browser.post("/settings/reflection", {
      cadence: "weekly",
      weekday: "7",
      localTime: "25:00",
      timeZone: "Europe/Berlin",
    });
    assert.equal(badTime.status, 422);
    assert.match(await badTime.text(), /Use a time like 16:30/);
    const badDay = await browser.post("/settings/reflection", {
      cadence: "weekly",
      weekday: "8",
      localTime: "09:00",
      timeZone: "UTC",
    });
    assert.equal(badDay.status, 422);
    assert.equal(await count("reflection_settings"), 0);
    assert.equal(await count("jobs"), 0);
  });

  it("saves a rhythm and says when the next question comes, on the member's clock", async () => {
    const saved = await browser.post("/settings/reflection", {
      cadence: "weekly",
      weekday: "7",
      localTime: "09:00",
      timeZone: "Europe/Berlin",
    });
    assert.equal(saved.status, 303);
    const page = await (await browser.get(saved.headers.get("location") ?? "")).text();
    assert.match(page, /Sunday, 29 March 2026 at 09:00<\/strong> \(Europe\/Berlin\)/);
    assert.match(page, /<option value="Europe\/Berlin" selected>/);
  });

  it("shows the question on the home page and journal until dismissed", async () => {
    const [job] = await runtime.database.sql<
      { payload: { actorId: string; version: number; at: string } }[]
    >`
      select payload from jobs where kind = 'reflection-nudge'`;
    clock = at("2026-03-29T07:00:00Z");
    assert.equal(await fireNudge(runtime.ctx, job!.payload), "created");
    const home = await (await browser.get("/")).text();
    assert.match(
      home,
      /This week(?:'|&#39;)s question: <a href="\/compose\?prompt=inspired">What inspired you\?<\/a>/,
    );
    assert.match(await (await browser.get("/journal")).text(), /This week(?:'|&#39;)s question/);
    const dismissed = await browser.post(
      (home.match(/action="(\/reflect\/nudges\/[^"]+\/dismiss)"/) ?? [])[1] ?? "",
      {
        next: "/journal",
      },
    );
    assert.equal(dismissed.status, 303);
    assert.equal(dismissed.headers.get("location"), "/journal");
    assert.doesNotMatch(await (await browser.get("/")).text(), /This week(?:'|&#39;)s question/);
  });

  it("lets nobody else dismiss a member's question", async () => {
    const [nudge] = await runtime.database.sql<{ id: string }[]>`select id from reflection_nudges`;
    const bob = await signedInClient(runtime, await makeMember(runtime.ctx, "bob"));
    const response = await bob.post(`/reflect/nudges/${nudge!.id}/dismiss`, {});
    assert.equal(response.status, 404);
  });
});
