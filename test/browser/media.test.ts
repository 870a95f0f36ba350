import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import sharp from "sharp";
import { openJourney, setUpFirstMember } from "../helpers/browser-journey.ts";

export const GALLERY_SCREENSHOT = "/tmp/outloud-gallery.png";

function photo(color: string): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1000, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

/**
 * A member uploads two photos with alt text from the composer (the script
 * sends each with a progress bar), publishes, and a visitor sees them in the
 * gallery and steps through it with the keyboard.
 */
test("a member publishes photos with alt text; a visitor sees the gallery", async (t) => {
  const journey = await openJourney(t, "outloud-browser-media-");
  if (!journey) return;
  const { server, page, errors } = journey;
  const handle = `maker${randomBytes(3).toString("hex")}`;
  await setUpFirstMember(journey, handle, "Grace Maker");

  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Photo" });
  await page.getByLabel("Body", { exact: true }).fill("The prototype, from two sides.");
  await page.getByLabel("Add photos, audio or video").setInputFiles([
    { name: "front.jpg", mimeType: "image/jpeg", buffer: await photo("#2a6f97") },
    { name: "side.jpg", mimeType: "image/jpeg", buffer: await photo("#c8553d") },
  ]);
  // Each upload shows its own alt text field once the server has it.
  const alts = page.getByLabel("Alt text", { exact: true });
  await alts.nth(1).waitFor();
  await alts.nth(0).fill("The prototype from the front, a blue box with one dial");
  await alts.nth(1).fill("The prototype from the side, showing the red switch");
  // Processed in the background; the page follows it.
  await page.getByText("Ready.", { exact: true }).nth(1).waitFor();
  await page.locator("#media").screenshot({ path: "/tmp/outloud-composer-media.png" });
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`/@${handle}/`));
  const permalink = new URL(page.url()).pathname;

  // "Sign out" sits in the header's "More" menu.
  await page.getByText("More", { exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.locator("header").getByRole("link", { name: "Sign in", exact: true }).waitFor();

  const response = await page.goto(`${server.url}${permalink}`);
  assert.equal(response?.status(), 200);
  const gallery = page.getByRole("region", { name: "Photos (2)" });
  const first = gallery.getByRole("img", {
    name: "The prototype from the front, a blue box with one dial",
  });
  await first.waitFor();
  // Loaded from one of its sizes (which one depends on the window), not broken.
  await page.waitForFunction((alt) => {
    const img = [...document.images].find((i) => i.alt === alt);
    return img?.complete && img.naturalWidth > 0;
  }, "The prototype from the front, a blue box with one dial");
  const source = await first.evaluate((img: HTMLImageElement) => img.currentSrc);
  assert.match(source, /\/media\/[0-9a-f-]{36}\/(thumb|display|original)\.jpg$/);
  // The gallery script: one photo at a time, the keyboard moves between them.
  await gallery.getByText("Photo 1 of 2").waitFor();
  await gallery.focus();
  await page.keyboard.press("ArrowRight");
  await gallery.getByText("Photo 2 of 2").waitFor();
  const second = gallery.getByRole("img", {
    name: "The prototype from the side, showing the red switch",
  });
  assert.ok(await second.isVisible());
  assert.equal(await first.isVisible(), false);
  await page.keyboard.press("Home");
  await gallery.getByText("Photo 1 of 2").waitFor();
  await page.screenshot({ path: GALLERY_SCREENSHOT, fullPage: true });
  assert.deepEqual(errors, [], "no script errors (CSP included)");
});
