import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { openJourney } from "../helpers/browser-journey.ts";

export const PROFILE_SCREENSHOT = "/tmp/outloud-profile.png";

/** The text of the page's main landmark (header and footer left out). */
async function mainText(page: Page): Promise<string> {
  return (await page.locator("main").textContent()) ?? "";
}

/**
 * The newcomer's first minutes, in a real browser against the real server:
 * set up the instance, publish a learning entry and a private one, sign out,
 * and read the public profile and tag page as a visitor would.
 */
test("a newcomer sets up Outloud, publishes, and sees the public profile", async (t) => {
  const journey = await openJourney(t, "outloud-browser-");
  if (!journey) return;
  const { server, page } = journey;

  const unique = randomBytes(4).toString("hex");
  const handle = `ada${unique}`;
  const learning = `Today I learned how SKIP LOCKED turns a table into a queue ${unique} #postgres`;
  const secret = `A private worry I keep to myself ${unique}`;

  // A fresh instance sends the first visitor to the setup page.
  await page.goto(`${server.url}/`);
  assert.equal(new URL(page.url()).pathname, "/setup");
  await page.getByLabel("Handle", { exact: true }).fill(handle);
  await page.getByLabel("Email", { exact: true }).fill(`${handle}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("a long and memorable passphrase");
  await page.getByLabel("Display name", { exact: true }).fill("Ada Lovelace");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/compose");

  // A learning entry, tagged both in the body and in the Tags field.
  await page.getByLabel("Prompt", { exact: true }).selectOption({ label: "Learning" });
  await page.getByLabel("Body", { exact: true }).fill(learning);
  await page.getByLabel("Tags", { exact: true }).fill("databases");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`/@${handle}/`));
  const permalink = new URL(page.url()).pathname;
  assert.match(permalink, new RegExp(`^/@${handle}/[0-9a-f-]{36}$`));
  assert.match(
    await mainText(page),
    new RegExp(`SKIP LOCKED turns a table into a queue ${unique}`),
  );

  // A private entry, for the author only.
  await page.goto(`${server.url}/compose`);
  await page.getByLabel("Body", { exact: true }).fill(secret);
  await page.getByLabel("Audience", { exact: true }).selectOption({ label: "Private — only me" });
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`/@${handle}/`));
  const privatePermalink = new URL(page.url()).pathname;
  assert.notEqual(privatePermalink, permalink);
  assert.match(await mainText(page), new RegExp(secret));

  // "Sign out" sits in the header's "More" menu.
  await page.getByText("More", { exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  // Signed out once the header offers "Sign in" again (waits for the navigation).
  await page.locator("header").getByRole("link", { name: "Sign in", exact: true }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Sign out" }).count(), 0, "signed out");

  // A visitor sees the learning entry on the profile, and not the private one.
  await page.goto(`${server.url}/@${handle}`);
  const profile = await mainText(page);
  assert.match(profile, /Ada Lovelace/);
  assert.match(profile, new RegExp(`SKIP LOCKED turns a table into a queue ${unique}`));
  assert.doesNotMatch(profile, new RegExp(secret));
  await page.screenshot({ path: PROFILE_SCREENSHOT, fullPage: true });

  for (const tag of ["postgres", "databases"]) {
    const response = await page.goto(`${server.url}/tags/${tag}`);
    assert.equal(response?.status(), 200, `/tags/${tag}`);
    const tagPage = await mainText(page);
    assert.match(tagPage, new RegExp(`SKIP LOCKED turns a table into a queue ${unique}`));
    assert.doesNotMatch(tagPage, new RegExp(secret));
  }

  // Its permalink is not found for a visitor.
  const privateResponse = await page.goto(`${server.url}${privatePermalink}`);
  assert.equal(privateResponse?.status(), 404);
  assert.doesNotMatch(await page.content(), new RegExp(secret));
});
