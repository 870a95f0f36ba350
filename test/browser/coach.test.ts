import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import sharp from "sharp";
import { openJourney, setUpFirstMember } from "../helpers/browser-journey.ts";

/**
 * The journey: a public entry with a photo without alt text, no
 * tags, an email address (and a tracked link). The coach lists the findings
 * as the member types; the fixes are applied; publishing waits for the tick
 * on the stop-and-confirm finding, then goes through.
 */
test("the coach checks a post as it is written, fixes apply, then it publishes", async (t) => {
  const journey = await openJourney(t, "outloud-browser-coach-");
  if (!journey) return;
  const { page, errors } = journey;
  // Every as-you-type check must succeed (the refused publish below is the one expected 422).
  const coachFailures: number[] = [];
  let coachChecks = 0;
  page.on("response", (response) => {
    if (!response.url().endsWith("/compose/coach")) return;
    coachChecks++;
    if (!response.ok()) coachFailures.push(response.status());
  });
  const handle = `coached${randomBytes(3).toString("hex")}`;
  await setUpFirstMember(journey, handle, "Grace Coached");

  const panel = page.locator("#coach");
  const finding = (rule: string) => panel.locator(`[data-rule="${rule}"]`);
  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Photo" });
  await page
    .getByLabel("Body", { exact: true })
    .fill(
      "My workshop board. Questions: ada@example.org. Slides: https://example.org/slides?utm_source=newsletter&id=3",
    );
  const jpeg = await sharp({
    create: { width: 800, height: 600, channels: 3, background: "#2a6f97" },
  })
    .jpeg()
    .toBuffer();
  await page
    .getByLabel("Add photos, audio or video")
    .setInputFiles([{ name: "board.jpg", mimeType: "image/jpeg", buffer: jpeg }]);
  await page.getByText("Ready.", { exact: true }).waitFor();

  // As you type: the three findings of the issue, and the tracked link.
  await finding("media-description")
    .getByText(/photo has no alt text/)
    .waitFor();
  await finding("personal-email")
    .getByText(/ada@example\.org/)
    .waitFor();
  await finding("no-tags").waitFor();
  await finding("tracking-links").waitFor();
  assert.match((await finding("personal-email").textContent()) ?? "", /Check before publishing/);
  await finding("audience-preview")
    .getByText(/anyone on the web/)
    .waitFor();
  await page.getByLabel("I have read the coach's notes").waitFor();

  // One-click fix: the clean link replaces the tracked one in the body.
  await finding("tracking-links")
    .getByRole("button", { name: /Apply fix/ })
    .click();
  await finding("tracking-links").waitFor({ state: "detached" });
  assert.equal(
    await page.getByLabel("Body", { exact: true }).inputValue(),
    "My workshop board. Questions: ada@example.org. Slides: https://example.org/slides?id=3",
  );
  // A tag a screen reader can't split, fixed with one click.
  await page.getByLabel("Tags", { exact: true }).fill("learningdesign");
  await finding("no-tags").waitFor({ state: "detached" });
  await finding("hashtag-case")
    .getByRole("button", { name: "Apply fix: Use #LearningDesign" })
    .click();
  await finding("hashtag-case").waitFor({ state: "detached" });
  assert.equal(await page.getByLabel("Tags", { exact: true }).inputValue(), "LearningDesign");
  // The description is the member's to write.
  await page.getByLabel("Alt text", { exact: true }).fill("A whiteboard covered in sticky notes");
  await finding("media-description").waitFor({ state: "detached" });
  await page.locator("#coach").screenshot({ path: "/tmp/outloud-coach-panel.png" });

  // The email address stays on purpose: publishing waits for the tick.
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByText("Read the coach's notes before publishing.").first().waitFor();
  assert.equal(new URL(page.url()).pathname, "/compose");
  await page.getByLabel("I have read the coach's notes").check();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`/@${handle}/`));

  const article = page.locator("article").first();
  await article.getByRole("link", { name: "https://example.org/slides?id=3" }).waitFor();
  assert.equal(await article.getByText(/utm_source/).count(), 0);
  await article.getByRole("link", { name: /LearningDesign/ }).waitFor();
  await article.getByRole("img", { name: "A whiteboard covered in sticky notes" }).waitFor();
  assert.deepEqual(coachFailures, []);
  assert.ok(coachChecks > 0);
  // The browser logs the refused publish's 422 page; nothing else may fail (CSP included).
  assert.deepEqual(
    errors.filter((e) => !/status of 422/.test(e)),
    [],
    "no script errors",
  );
});
