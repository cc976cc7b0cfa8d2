import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, heraldUrl, newWallet } from "../helpers/herald.ts";
import { freshPage, launchBrowser } from "./browser.ts";
import { signInWithKey } from "./session.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The event log shows 25 events a page in storage order; Next and Previous walk the cursor stack.
// The log's cursor is a poller's (always set), so Next stays after the last page and leads to
// "No events after this page.".
const COUNT = 30;
const ids = Array.from({ length: COUNT }, (_, i) => `paged-${String(i).padStart(2, "0")}`);

/** Waits (bounded) until the wallet's log holds all the events: the consumer stores them shortly after the 202. */
async function stored(apiKey: string) {
  for (let tries = 0; tries < 100; tries++) {
    const page = await api<{ data: unknown[] }>("GET", "/v1/events?limit=100", apiKey);
    if (page.data.length >= COUNT) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the log did not reach ${COUNT} events`);
}

describe("the portal's event log paging", () => {
  it("pages forward through the log, past its end, and back again", async () => {
    const wallet = await newWallet("paging wallet");
    for (const id of ids)
      await api("POST", "/v1/events", wallet.apiKey, { id, type: "t.paged", data: { id } });
    await stored(wallet.apiKey);

    const { context, page } = await freshPage(browser);
    try {
      await signInWithKey(page, wallet.apiKey);
      await page.goto(`${heraldUrl()}/portal/#/events`);
      await page.getByRole("button", { name: "Log", exact: true }).click();
      const shown = page.locator("ul.events > li");
      await expect.poll(() => shown.count(), { timeout: 10_000 }).toBe(25);
      expect(await page.getByRole("button", { name: "Previous page" }).count()).toBe(0);
      const first = await shown.allInnerTexts();

      await page.getByRole("button", { name: "Next page" }).click();
      await expect.poll(() => shown.count(), { timeout: 10_000 }).toBe(COUNT - 25);
      const second = await shown.allInnerTexts();
      // Every event once over the two pages, oldest first.
      const seen = [...first, ...second].map((t) => ids.find((id) => t.includes(id)));
      expect(seen).toEqual(ids);

      await page.getByRole("button", { name: "Next page" }).click();
      await page.getByText("No events after this page.").waitFor();
      await page.getByRole("button", { name: "Previous page" }).click();
      await expect.poll(() => shown.count(), { timeout: 10_000 }).toBe(COUNT - 25);

      await page.getByRole("button", { name: "Previous page" }).click();
      await expect.poll(() => shown.count(), { timeout: 10_000 }).toBe(25);
      expect(await shown.allInnerTexts()).toEqual(first);
    } finally {
      await context.close();
    }
  });
});
