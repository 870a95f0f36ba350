import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { freePort } from "../../src/db/embedded.ts";
import { chromiumPath, launchChromium } from "../helpers/browser.ts";
import { setUpFirstMember } from "../helpers/browser-journey.ts";
import { freshDataDir, type ServerProcess, spawnServer, stopServer } from "../helpers/server.ts";

/** A real Outloud server (web and worker) federating on loopback. */
async function startFederatingServer(dataDir: string): Promise<ServerProcess> {
  const port = await freePort();
  return spawnServer({
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    FEDERATION_ALLOW_PRIVATE_ADDRESS: "true",
    LOG_LEVEL: "warning",
  });
}

async function mainText(page: Page): Promise<string> {
  return (await page.locator("main").textContent()) ?? "";
}

/**
 * Opens `url` again until `ready` holds: deliveries run in the servers'
 * workers, so a page shows them a moment later. Bounded, never timed.
 */
async function reloadUntil(page: Page, url: string, what: string, ready: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 120; attempt++) {
    await page.goto(url);
    if (await ready()) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`Gave up waiting for ${what} at ${url}`);
}

/**
 * Two Outloud servers, two people, one real Chromium (a separate profile for
 * each server): Alice on A finds Bob of B by his address, follows him, reads
 * his new entry on her home timeline and replies; Bob sees her reply under
 * his entry on B.
 */
test("a member of A follows a member of B, reads his entry at home and replies; B shows the reply", {
  timeout: 240_000,
}, async (t) => {
  const chromium = chromiumPath();
  if ("missing" in chromium) {
    console.log(chromium.missing);
    t.skip(chromium.missing);
    return;
  }
  const dirs = [freshDataDir("outloud-fed-a-"), freshDataDir("outloud-fed-b-")];
  const servers: ServerProcess[] = [];
  let browser: Browser | null = null;
  t.after(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => stopServer(server, "SIGTERM")));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  for (const dir of dirs) servers.push(await startFederatingServer(dir));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  browser = await launchChromium(chromium.path);
  const open = async (server: ServerProcess) => {
    const page = await (browser as Browser).newContext().then((context) => context.newPage());
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    return { server, page, browser: browser as Browser, errors };
  };
  const onA = await open(a);
  const onB = await open(b);
  await setUpFirstMember(onA, "alice", "Alice Example");
  await setUpFirstMember(onB, "bob", "Bob Example");
  const bobAddress = `@bob@${new URL(b.url).host}`;
  const unique = randomBytes(4).toString("hex");

  // On A: search Bob's address, open his remote profile, follow.
  const alice = onA.page;
  await alice.goto(`${a.url}/search`);
  await alice.getByLabel("Search", { exact: true }).fill(bobAddress);
  await alice.getByRole("button", { name: "Search", exact: true }).click();
  await alice.waitForURL((url) => url.pathname === "/search");
  assert.match(await mainText(alice), /Account on another server/);
  await alice.locator('main a[href^="/remote/"]').first().click();
  await alice.waitForURL((url) => url.pathname.startsWith("/remote/"));
  const bobOnA = new URL(alice.url()).pathname;
  assert.match(await mainText(alice), /Bob Example/);
  await alice.getByRole("button", { name: "Follow", exact: true }).click();
  await reloadUntil(alice, `${a.url}${bobOnA}`, "B to accept the follow", async () => {
    return (await alice.getByRole("button", { name: "Unfollow", exact: true }).count()) > 0;
  });

  // On B: Bob publishes.
  const note = `Shipped the federation journey ${unique}`;
  const bob = onB.page;
  await bob.goto(`${b.url}/compose`);
  await bob.getByLabel("Body", { exact: true }).fill(note);
  await bob.getByRole("button", { name: "Publish", exact: true }).click();
  await bob.waitForURL((url) => /^\/@bob\/[0-9a-f-]{36}$/.test(url.pathname));
  const bobEntry = bob.url();

  // On A: it arrives on Alice's home timeline; she opens the conversation and replies.
  await reloadUntil(alice, `${a.url}/home`, "Bob's entry on A's home timeline", async () =>
    (await mainText(alice)).includes(note),
  );
  await alice
    .locator("article", { hasText: note })
    .getByRole("link", { name: "Conversation", exact: true })
    .click();
  await alice.waitForURL((url) => url.pathname.startsWith("/posts/"));
  assert.match(await mainText(alice), new RegExp(note));
  // The Reply button leads to the reply form (on this page, or a page of its own).
  await alice.getByRole("link", { name: "Reply", exact: true }).first().click();
  await alice.getByLabel("Reply", { exact: true }).waitFor();
  const reply = `Congratulations, how did you test it? ${unique}`;
  await alice.getByLabel("Reply", { exact: true }).fill(reply);
  await alice.getByRole("button", { name: "Reply", exact: true }).click();
  await alice.waitForURL((url) => url.hash.startsWith("#post-"));
  assert.match(await mainText(alice), new RegExp(reply.replace("?", "\\?")));

  // On B: Alice's reply is a comment under Bob's entry.
  await reloadUntil(bob, bobEntry, "Alice's reply under Bob's entry on B", async () =>
    (await mainText(bob)).includes(reply),
  );
  assert.match(await mainText(bob), /Alice Example|alice/);
  assert.deepEqual([...onA.errors, ...onB.errors], [], "no console errors (CSP) on either side");
});
