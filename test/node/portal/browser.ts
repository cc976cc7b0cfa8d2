import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM, ensureChromium } from "../setup/chromium.ts";

// Debian's chromium driven by playwright-core. launch() gives each run a fresh temporary
// user-data-dir, and each context its own cookie jar (one per signed-in person).
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where screenshots go (git-ignored); two of them are copied into docs/ by hand. */
export const SCREENSHOTS = path.resolve(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "test-results",
  "portal",
);

/** Starts chromium, installing it first when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A fresh browser profile (own cookies) with a page. */
export async function freshPage(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // Assertions wait on the page; a stuck page fails the test rather than hanging it.
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Saves a full-page screenshot under test-results/portal/. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
