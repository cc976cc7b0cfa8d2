import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { api, newWallet } from "../helpers/herald.ts";
import { freshPage, launchBrowser, screenshot } from "./browser.ts";
import { signInWithKey } from "./session.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the portal's Live view", () => {
  it("shows an event posted to the API within 2 seconds", async () => {
    const wallet = await newWallet("wallet live");
    const { context, page } = await freshPage(browser);
    await signInWithKey(page, wallet.apiKey);
    await page.getByRole("link", { name: "Events", exact: true }).click();
    await page.getByText(/Live: new events appear here/).waitFor();
    const id = `live-${Date.now()}`;
    await api("POST", "/v1/events", wallet.apiKey, {
      id,
      type: "ConnectionUpdated",
      data: { state: "ConnectionResponseSent", label: "posted by the test" },
    });
    // The promise: on screen within 2 s of being accepted.
    await page
      .getByRole("list", { name: "Live events" })
      .getByText("posted by the test")
      .waitFor({ timeout: 2_000 });
    await screenshot(page, "live-events");
    await context.close();
  });
});
