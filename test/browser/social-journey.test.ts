import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { openJourney, setUpFirstMember } from "../helpers/browser-journey.ts";

/** Set SCREENSHOT_DIR to keep the header screenshots (1280, 1000, 760 and 390 px wide). */
const SCREENSHOTS = process.env.SCREENSHOT_DIR?.trim() || null;

async function mainText(page: Page): Promise<string> {
  return (await page.locator("main").textContent()) ?? "";
}

/** The header's layout at one width: its visible parts' rows, overflow, and what shows. */
async function headerAt(page: Page, width: number) {
  await page.setViewportSize({ width, height: 720 });
  if (SCREENSHOTS) {
    await page.screenshot({
      path: path.join(SCREENSHOTS, `header-${width}.png`),
      clip: { x: 0, y: 0, width, height: 220 },
    });
  }
  return page.evaluate(() => {
    const visible = (el: Element) => el.getBoundingClientRect().width > 0;
    const parts = [
      ...document.querySelectorAll(".site-header-inner > .site-name, .site-nav .nav-bar > li"),
    ].filter(visible);
    const middles = parts.map((el) => {
      const box = el.getBoundingClientRect();
      return box.top + box.height / 2;
    });
    const badge = document.querySelector(".site-header .unread-badge");
    return {
      rowSpread: Math.max(...middles) - Math.min(...middles),
      overflows: document.documentElement.scrollWidth > window.innerWidth,
      newEntry: [...document.querySelectorAll(".site-header a")].some(
        (a) => a.textContent === "New entry" && visible(a),
      ),
      badge: badge && visible(badge) ? badge.textContent : null,
    };
  });
}

/**
 * One instance, two members in two browser profiles: Bob replies to Ada's
 * entry and likes it; Ada sees the unread badge (and the header stays on
 * one line at every width), opens Notifications, sees the reply and the like,
 * follows the link to her entry and reads Bob's reply in the thread.
 */
test("bob replies to and likes ada's entry; ada sees the badge, the notifications and the reply in the thread", {
  timeout: 180_000,
}, async (t) => {
  const journey = await openJourney(t, "outloud-social-");
  if (!journey) return;
  const { server, page: ada, browser } = journey;
  const unique = randomBytes(4).toString("hex");

  // Ada sets the instance up, opens registration and publishes an entry.
  await setUpFirstMember(journey, "ada", "Ada Lovelace");
  const entryText = `Notes on the analytical engine ${unique}`;
  await ada.getByLabel("Body", { exact: true }).fill(entryText);
  await ada.getByRole("button", { name: "Publish", exact: true }).click();
  await ada.waitForURL((url) => /^\/@ada\/[0-9a-f-]{36}$/.test(url.pathname));
  const entryUrl = ada.url();
  await ada.goto(`${server.url}/admin`);
  await ada.getByLabel("Open", { exact: true }).check();
  await ada.locator("#registration-heading + form").getByRole("button", { name: "Save" }).click();
  await ada.waitForURL((url) => url.pathname === "/admin");

  // Bob registers in his own browser profile, replies and likes.
  const bob = await (await browser.newContext()).newPage();
  bob.setDefaultTimeout(30_000);
  const bobErrors: string[] = [];
  bob.on("console", (message) => {
    if (message.type() === "error") bobErrors.push(message.text());
  });
  await bob.goto(`${server.url}/register`);
  await bob.getByLabel("Handle", { exact: true }).fill("bob");
  await bob.getByLabel("Email", { exact: true }).fill("bob@example.org");
  await bob.getByLabel("Password", { exact: true }).fill("another long passphrase here");
  await bob.getByLabel("Display name", { exact: true }).fill("Bob Babbage");
  await bob.getByRole("button", { name: "Create account" }).click();
  await bob.waitForURL((url) => url.pathname === "/compose");
  await bob.goto(entryUrl);
  const replyText = `Have you tried punched cards? ${unique}`;
  await bob.getByLabel("Reply", { exact: true }).fill(replyText);
  await bob.getByRole("button", { name: "Reply", exact: true }).click();
  await bob.waitForURL((url) => url.hash.startsWith("#post-"));
  await bob.goto(entryUrl);
  await bob.locator(".thread-focus").getByRole("button", { name: "Like", exact: true }).click();
  await bob.locator(".thread-focus").getByRole("button", { name: "Liked", exact: true }).waitFor();

  // Ada: two unread, and the header keeps "New entry" and the badge on one line.
  await ada.goto(`${server.url}/journal`);
  for (const width of [1280, 1000, 760, 390]) {
    const header = await headerAt(ada, width);
    assert.ok(header.rowSpread < 8, `one line at ${width} px (spread ${header.rowSpread})`);
    assert.equal(header.overflows, false, `no sideways scrolling at ${width} px`);
    assert.equal(header.newEntry, true, `"New entry" shows at ${width} px`);
    assert.match(header.badge ?? "", /^2/, `the unread badge shows at ${width} px`);
  }
  // On a phone the menu holds every link and stays on screen.
  await ada.locator(".nav-menu > summary").click();
  if (SCREENSHOTS) await ada.screenshot({ path: path.join(SCREENSHOTS, "header-390-menu.png") });
  const menu = await ada.locator(".nav-menu > ul").boundingBox();
  assert.ok(menu && menu.x >= 0 && menu.x + menu.width <= 390, "the open menu fits the screen");
  for (const name of ["Home", "Journal", "Portfolios", "Search", "Conversations", "Settings"]) {
    assert.ok(
      await ada.locator(".nav-menu").getByRole("link", { name, exact: true }).isVisible(),
      name,
    );
  }
  await ada.setViewportSize({ width: 1280, height: 800 });

  await ada
    .locator("header")
    .getByRole("link", { name: /Notifications/ })
    .click();
  await ada.waitForURL((url) => url.pathname === "/notifications");
  const notifications = await mainText(ada);
  assert.match(notifications, /Bob Babbage\s+@bob\s+replied to your entry/);
  assert.match(notifications, /Bob Babbage\s+@bob\s+liked your entry/);
  assert.match(notifications, new RegExp(unique));

  // The like quotes her entry: its link opens the entry with the thread under it.
  await ada
    .locator(".notification", { hasText: "liked your entry" })
    .getByRole("link", { name: entryText })
    .click();
  await ada.waitForURL((url) => url.pathname === new URL(entryUrl).pathname);
  const replies = (await ada.locator(".thread-replies").textContent()) ?? "";
  assert.match(replies, new RegExp(replyText.replace("?", "\\?")));
  assert.match(replies, /Bob Babbage/);
  assert.deepEqual([...journey.errors, ...bobErrors], [], "no console errors (CSP)");
});
