import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Where the browser tests look for Chromium: CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): { path: string } | { missing: string } {
  const configured = process.env.CHROMIUM_PATH?.trim();
  const candidate = configured || "/usr/bin/chromium";
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return { path: candidate };
  } catch {
    const where = configured
      ? `CHROMIUM_PATH=${configured} is not executable`
      : "no /usr/bin/chromium";
    return {
      missing: `browser test skipped: ${where}; install chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    };
  }
}

/** Headless Chromium with everything that phones home or needs a GPU turned off. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
