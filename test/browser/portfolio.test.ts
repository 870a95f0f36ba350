import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { openJourney, setUpFirstMember } from "../helpers/browser-journey.ts";

async function mainText(page: Page): Promise<string> {
  return (await page.locator("main").textContent()) ?? "";
}

/**
 * A member builds a portfolio from three entries in two sections, reorders it
 * by dragging, shares it with a link that a fresh browser opens, then revokes
 * the link and the fresh browser gets a 404.
 */
test("a member builds a portfolio, shares it by link, and revokes the link", async (t) => {
  const journey = await openJourney(t, "outloud-browser-portfolio-");
  if (!journey) return;
  const { server, browser, page } = journey;
  const unique = randomBytes(4).toString("hex");
  const handle = `ada${unique}`;
  await setUpFirstMember(journey, handle, "Ada Lovelace");

  const bodies = [
    `Prototype of the booking flow ${unique}`,
    `Usability test findings ${unique}`,
    `Workshop on feedback loops ${unique}`,
  ];
  for (const body of bodies) {
    await page.goto(`${server.url}/compose`);
    await page.getByLabel("Body", { exact: true }).fill(body);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`/@${handle}/`));
  }

  // A new portfolio, from the header's Portfolios link.
  await page.locator("header").getByRole("link", { name: "Portfolios", exact: true }).click();
  await page.getByRole("link", { name: "New portfolio" }).click();
  await page.getByLabel("Title", { exact: true }).fill("For design roles");
  await page
    .getByLabel("Introduction", { exact: true })
    .fill("Selected work for **design** roles.");
  await page.getByRole("button", { name: "Create portfolio" }).click();
  await page.waitForURL((url) => url.pathname === `/@${handle}/portfolios/for-design-roles/edit`);

  await page.getByLabel("New section title", { exact: true }).fill("Teaching");
  await page.getByRole("button", { name: "Add section" }).click();
  await page.waitForURL((url) => url.pathname.endsWith("/edit"));

  const add = page.locator("#add-item");
  const sectionFor = ["Selected work", "Selected work", "Teaching"];
  for (const [i, body] of bodies.entries()) {
    const entry = await add.locator("#entryId option", { hasText: body }).getAttribute("value");
    await add.getByLabel("Entry", { exact: true }).selectOption(entry ?? "");
    await add.getByLabel("Section", { exact: true }).selectOption({ label: sectionFor[i] ?? "" });
    await add.getByLabel("Caption", { exact: true }).fill(`Why it matters ${i}`);
    await add.getByRole("button", { name: "Add to portfolio" }).click();
    await page.waitForURL(
      (url) => url.pathname.endsWith("/edit") && url.search.includes("done=added"),
    );
  }

  // Drag the second entry above the first (JavaScript on); the order is saved.
  const firstSection = page.locator("li.portfolio-edit-section").first();
  const items = firstSection.locator("li.portfolio-edit-item");
  assert.equal(await items.count(), 2);
  const saved = page.waitForResponse((r) => r.url().endsWith("/items/order") && r.status() === 204);
  await items
    .nth(1)
    .locator(".drag-handle")
    .dragTo(items.nth(0), { targetPosition: { x: 10, y: 5 } });
  await saved;
  await page.reload();
  const order = await firstSection.locator("li.portfolio-edit-item strong").allTextContents();
  assert.match(order[0] ?? "", /Usability test findings/);
  assert.match(order[1] ?? "", /Prototype of the booking flow/);

  // A share link, shown once.
  await page.getByLabel("Label", { exact: true }).fill("Acme interview");
  await page.getByRole("button", { name: "Create share link" }).click();
  await page.getByRole("heading", { name: "Share link created" }).waitFor();
  const shareUrl = await page.getByLabel("Share link", { exact: true }).inputValue();
  assert.match(shareUrl, /\/s\/[A-Za-z0-9_-]{43}$/);

  // A fresh browser context (no session) opens the private portfolio through the link.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const opened = await visitor.goto(shareUrl);
  assert.equal(opened?.status(), 200);
  const shared = await mainText(visitor);
  assert.match(shared, /For design roles/);
  assert.match(shared, /Teaching/);
  for (const body of bodies) assert.match(shared, new RegExp(body));
  assert.ok(shared.indexOf(bodies[1] ?? "") < shared.indexOf(bodies[0] ?? ""), "dragged order");
  assert.match(shared, /Why it matters 2/);
  // Without the link, the private portfolio does not exist for the visitor.
  const direct = await visitor.goto(`${server.url}/@${handle}/portfolios/for-design-roles`);
  assert.equal(direct?.status(), 404);

  // Revoked: the same link now finds nothing.
  await page.getByRole("link", { name: "Back to the editor" }).click();
  await page.getByRole("button", { name: "Revoke the link “Acme interview”" }).click();
  await page.waitForURL((url) => url.search.includes("done=revoked"));
  const revoked = await visitor.goto(shareUrl);
  assert.equal(revoked?.status(), 404);
  assert.doesNotMatch(await mainText(visitor), new RegExp(bodies[0] ?? ""));
  await visitorContext.close();
});
