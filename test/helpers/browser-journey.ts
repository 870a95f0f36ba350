import fs from "node:fs";
import type { TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { chromiumPath, launchChromium } from "./browser.ts";
import { freshDataDir, type ServerProcess, spawnServer, stopServer } from "./server.ts";

export interface Journey {
  server: ServerProcess;
  browser: Browser;
  page: Page;
  /** Console errors seen so far (CSP violations land here). */
  errors: string[];
}

/**
 * A real server on a fresh data folder and a Chromium page, both closed when
 * the test ends; null (the test skipped) when Chromium is missing.
 */
export async function openJourney(t: TestContext, prefix: string): Promise<Journey | null> {
  const chromium = chromiumPath();
  if ("missing" in chromium) {
    // Printed as well as reported: a skipped browser test is never silent.
    console.log(chromium.missing);
    t.skip(chromium.missing);
    return null;
  }
  const dataDir = freshDataDir(prefix);
  let server: ServerProcess | null = null;
  let browser: Browser | null = null;
  t.after(async () => {
    await browser?.close();
    if (server) await stopServer(server, "SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: "warning" });
  browser = await launchChromium(chromium.path);
  const opened = browser;
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return { server, browser: opened, page, errors };
}

/** Creates the first member through /setup; the browser lands on the composer. */
export async function setUpFirstMember(
  { server, page }: Journey,
  handle: string,
  displayName: string,
): Promise<void> {
  await page.goto(`${server.url}/setup`);
  await page.getByLabel("Handle", { exact: true }).fill(handle);
  await page.getByLabel("Email", { exact: true }).fill(`${handle}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill("a long and memorable passphrase");
  await page.getByLabel("Display name", { exact: true }).fill(displayName);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/compose");
}
