import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { openJourney, setUpFirstMember } from "../helpers/browser-journey.ts";

/**
 * A member sets a reflection rhythm, reads the insights chart and its table,
 * and starts a reflection draft from the week's digest — without a script
 * error or a CSP complaint.
 */
test("a member sets a rhythm, reads insights and starts a reflection from the digest", async (t) => {
  const journey = await openJourney(t, "outloud-browser-reflection-");
  if (!journey) return;
  const { server, page, errors } = journey;
  const handle = `ada${randomBytes(4).toString("hex")}`;
  await setUpFirstMember(journey, handle, "Ada Lovelace");

  await page.getByLabel("Prompt", { exact: true }).selectOption("learning");
  await page
    .getByLabel("Body", { exact: true })
    .fill("Learning to draw charts without a library #dataviz");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`/@${handle}/`));
  const entryPath = new URL(page.url()).pathname;

  // The rhythm, from the home page's link.
  await page.goto(`${server.url}/`);
  await page.getByRole("link", { name: "reflection rhythm" }).click();
  await page.getByLabel("Cadence", { exact: true }).selectOption("daily");
  await page.getByLabel("Time", { exact: true }).fill("08:30");
  await page.getByLabel("Time zone", { exact: true }).selectOption("Europe/Berlin");
  await page.getByRole("button", { name: "Save rhythm" }).click();
  await page.waitForURL((url) => url.search.includes("saved=1"));
  assert.match(
    (await page.locator("main").textContent()) ?? "",
    /Your next question comes on .* at 08:30 \(Europe\/Berlin\)/,
  );

  // Insights: a drawn chart, and the same figures in a table behind a summary.
  await page.goto(`${server.url}/reflect/insights`);
  const chart = page.getByRole("img", {
    name: /Entries per week by prompt: 1 entry in 12 periods/,
  });
  assert.equal(await chart.isVisible(), true);
  await page.getByText("The figures as a table").click();
  const lastRow = page.locator(".reflection-chart table tbody tr").last();
  assert.equal(await lastRow.locator("td").first().textContent(), "0");
  assert.equal(
    await lastRow.locator("td").nth(1).textContent(),
    "1",
    "one Learning entry this week",
  );
  assert.match((await page.locator("main").textContent()) ?? "", /#dataviz/);

  // The digest's one click: a reflection draft that links this week's entry.
  await page.goto(`${server.url}/reflect/digest`);
  await page.getByRole("button", { name: "Write a reflection" }).click();
  await page.waitForURL((url) => url.pathname.endsWith("/edit"));
  const body = await page.getByLabel("Body", { exact: true }).inputValue();
  assert.ok(body.includes(entryPath), body);
  assert.deepEqual(errors, []);
});
