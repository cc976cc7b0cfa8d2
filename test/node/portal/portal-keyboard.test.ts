import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, heraldUrl, newWallet } from "../helpers/herald.ts";
import { freshPage, launchBrowser } from "./browser.ts";
import { type Receiver, startReceiver } from "./receiver.ts";
import { refreshUntil } from "./session.ts";

let browser: Browser;
let receiver: Receiver;
beforeAll(async () => {
  browser = await launchBrowser();
  receiver = await startReceiver();
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    name: (el.getAttribute("aria-label") || el.textContent || "").trim(),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
  };
})()`;

/** Presses Tab through the page and returns the buttons reached, checking each shows its focus. */
async function tabThrough(page: Page, presses = 120): Promise<Set<string>> {
  const reached = new Set<string>();
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press("Tab");
    const focused = (await page.evaluate(FOCUSED)) as {
      tag: string;
      name: string;
      outline: boolean;
    } | null;
    if (focused?.tag === "button") {
      expect(focused.outline, `focus ring on "${focused.name}"`).toBe(true);
      reached.add(focused.name);
    }
  }
  return reached;
}

describe("the portal with the keyboard only", () => {
  it("signs in with Enter and reaches every main button with Tab, focus visible", async () => {
    const wallet = await newWallet("wallet keyboard");
    const hook = await api<{ id: string; secret: string }>("POST", "/v1/webhooks", wallet.apiKey, {
      url: receiver.url,
      retry: { preset: "none" },
    });
    receiver.secret = hook.secret;
    receiver.failWith = { status: 500, body: "no" };
    await api("POST", `/v1/webhooks/${hook.id}/test`, wallet.apiKey, {
      eventType: "ConnectionUpdated",
    });

    const { context, page } = await freshPage(browser);
    await page.goto(`${heraldUrl()}/portal/`);
    // The page renders after load: tabbing before the form exists reaches nothing.
    await page.getByLabel("API key").waitFor();
    const signIn = await tabThrough(page, 3);
    expect(signIn).toContain("Sign in");
    await page.getByLabel("API key").focus();
    await page.keyboard.type(wallet.apiKey);
    await page.keyboard.press("Enter");
    await page.getByRole("navigation", { name: "Portal" }).waitFor();

    const list = await tabThrough(page, 15);
    expect(list).toContain("Create webhook");
    expect(list).toContain("Sign out");
    // Enter on the focused Create webhook button opens the form, whose submit is reachable too.
    await page.getByRole("button", { name: "Create webhook", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("URL", { exact: true }).waitFor();
    expect(await tabThrough(page, 40)).toContain("Create webhook");

    await page.goto(`${heraldUrl()}/portal/#/webhooks/${hook.id}`);
    await refreshUntil(
      page,
      async () => (await page.locator(".delivery", { hasText: "failed" }).count()) > 0,
    );
    const detail = await tabThrough(page, 60);
    for (const name of ["Send test event", "Retry", "Recover", "Rotate secret", "Sign out"])
      expect(detail, name).toContain(name);

    await page.goto(`${heraldUrl()}/portal/#/webhooks/${hook.id}/edit`);
    await page.getByLabel("URL", { exact: true }).waitFor();
    expect(await tabThrough(page, 40)).toContain("Save");
    await context.close();
  });
});
