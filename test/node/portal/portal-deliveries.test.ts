import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKey, api, heraldUrl, newWallet } from "../helpers/herald.ts";
import { freshPage, launchBrowser, screenshot } from "./browser.ts";
import { type Receiver, startReceiver } from "./receiver.ts";
import { refreshUntil, signInWithKey } from "./session.ts";

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

describe("the portal's webhooks and deliveries, in Chromium", () => {
  it("signs in with a key, refuses a bad URL next to its field, creates a webhook, and delivers a test event with its attempt", async () => {
    const wallet = await newWallet("portal browser wallet");
    const { context, page } = await freshPage(browser);
    await signInWithKey(page, wallet.apiKey);
    // The key is not kept in the page: not in storage, and the session cookie is HttpOnly.
    const visible = await page.evaluate("JSON.stringify(localStorage) + document.cookie");
    expect(visible).not.toContain(wallet.apiKey);
    expect(visible).not.toContain("herald_session");

    await page.getByRole("button", { name: "Create webhook", exact: true }).click();
    await page.getByLabel("URL", { exact: true }).fill("not a url");
    await page.getByLabel("Description", { exact: true }).fill("portal test hook");
    await page.getByRole("button", { name: "Create webhook", exact: true }).click();
    const urlError = page.locator("#f-url-error");
    await urlError.waitFor();
    expect(await urlError.textContent()).toMatch(/url/i);
    expect(await page.getByLabel("URL", { exact: true }).inputValue()).toBe("not a url");
    expect(await page.getByLabel("Description", { exact: true }).inputValue()).toBe(
      "portal test hook",
    );
    expect(
      (await api<{ data: unknown[] }>("GET", "/v1/webhooks", wallet.apiKey)).data,
    ).toHaveLength(0);

    await page.getByLabel("URL", { exact: true }).fill(receiver.url);
    await page.getByLabel("Event types", { exact: true }).fill("ConnectionUpdated");
    await page.getByLabel("Format", { exact: true }).selectOption("standard");
    await page.getByRole("button", { name: "Create webhook", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: receiver.url }).waitFor();
    const hooks = await api<{ data: { id: string; url: string }[] }>(
      "GET",
      "/v1/webhooks",
      wallet.apiKey,
    );
    expect(hooks.data.map((h) => h.url)).toEqual([receiver.url]);
    receiver.secret = (
      await api<{ secret: string }>(
        "GET",
        `/v1/webhooks/${hooks.data[0]!.id}/secret`,
        wallet.apiKey,
      )
    ).secret;

    await page.getByLabel("Event type", { exact: true }).selectOption("ConnectionUpdated");
    await page.getByRole("button", { name: "Send test event", exact: true }).click();
    await page.getByText(/^Test event .* sent\.$/).waitFor();
    const succeeded = page.locator(".delivery", { hasText: "succeeded" });
    await refreshUntil(page, async () => (await succeeded.count()) > 0);
    await succeeded.first().getByRole("button", { name: "ConnectionUpdated", exact: true }).click();
    const attempt = succeeded.first().locator(".attempt");
    await attempt.first().waitFor();
    expect(await attempt.first().textContent()).toMatch(/Attempt 1.*status 200/);
    expect(receiver.received.length).toBeGreaterThanOrEqual(1);
    expect(receiver.rejected).toBe(0);
    await screenshot(page, "webhook-detail");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "webhook-detail-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole("link", { name: "Webhooks", exact: true }).click();
    await page.getByRole("cell", { name: /portal test hook/ }).waitFor();
    await screenshot(page, "webhooks");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "webhooks-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("link", { name: "Stats" }).click();
    await page.getByRole("img", { name: /Deliveries by status: succeeded 1/ }).waitFor();
    await screenshot(page, "stats");
    await context.close();
  });

  it("shows a failed attempt with the receiver's response, and Retry succeeds once the receiver is fixed", async () => {
    const wallet = await newWallet("portal retry wallet");
    const failing = await startReceiver();
    try {
      const hook = await api<{ id: string; secret: string }>(
        "POST",
        "/v1/webhooks",
        wallet.apiKey,
        {
          url: failing.url,
          retry: { preset: "none" },
        },
      );
      failing.secret = hook.secret;
      failing.failWith = { status: 503, body: "receiver down: maintenance window until noon" };
      const { context, page } = await freshPage(browser);
      await signInWithKey(page, wallet.apiKey);
      await page.goto(`${page.url().split("#")[0]}#/webhooks/${hook.id}`);
      await page.getByLabel("Event type", { exact: true }).selectOption("ConnectionUpdated");
      await page.getByRole("button", { name: "Send test event", exact: true }).click();

      const failed = page.locator(".delivery", { hasText: "failed" });
      await refreshUntil(page, async () => (await failed.count()) > 0);
      await failed.first().getByRole("button", { name: "ConnectionUpdated", exact: true }).click();
      const excerpt = failed.first().locator(".excerpt");
      await excerpt.waitFor();
      expect(await excerpt.textContent()).toBe("receiver down: maintenance window until noon");
      expect(await failed.first().locator(".attempt").first().textContent()).toMatch(/status 503/);

      failing.failWith = null;
      await failed.first().getByRole("button", { name: "Retry", exact: true }).click();
      await page.getByText("Queued for another attempt now.").waitFor();
      const succeeded = page.locator(".delivery", { hasText: "succeeded" });
      await refreshUntil(page, async () => (await succeeded.count()) > 0);
      await succeeded
        .first()
        .getByRole("button", { name: "ConnectionUpdated", exact: true })
        .click();
      await succeeded.first().locator(".attempt").nth(1).waitFor();
      expect(await succeeded.first().locator(".attempt").nth(1).textContent()).toMatch(
        /Attempt 2.*status 200/,
      );
      expect(failing.received).toHaveLength(1);
      await context.close();
    } finally {
      await failing.close();
    }
  });

  it("saves an edit without touching what was not changed, such as a redacted secret header", async () => {
    const wallet = await newWallet("portal edit wallet");
    const hook = await api<{ id: string; secret: string }>("POST", "/v1/webhooks", wallet.apiKey, {
      url: receiver.url,
      description: "before",
      customHeaders: { "X-Tenant": "acme", "X-Signing-Token": "s3cret-value" },
    });
    receiver.secret = hook.secret;
    const { context, page } = await freshPage(browser);
    await signInWithKey(page, wallet.apiKey);
    await page.goto(`${heraldUrl()}/portal/#/webhooks/${hook.id}/edit`);
    const description = page.getByLabel("Description", { exact: true });
    await description.waitFor();
    expect(await page.getByLabel("Custom headers").inputValue()).not.toContain("s3cret-value");
    await description.fill("after");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: receiver.url }).waitFor();
    const saved = await api<{ description: string }>(
      "GET",
      `/v1/webhooks/${hook.id}`,
      wallet.apiKey,
    );
    expect(saved.description).toBe("after");
    const before = receiver.received.length;
    await api("POST", `/v1/webhooks/${hook.id}/test`, wallet.apiKey, {
      eventType: "ConnectionUpdated",
    });
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(before + 1);
    expect(receiver.lastHeaders?.["x-signing-token"]).toBe("s3cret-value");
    await context.close();
  });

  it("lets the admin create a wallet (key shown once) and a portal link that opens its portal", async () => {
    const { context, page } = await freshPage(browser);
    await signInWithKey(page, adminKey());
    await page.getByRole("link", { name: "Wallets" }).click();
    await page.getByRole("button", { name: "Create wallet" }).click();
    await page.locator("#w-name-error").waitFor();
    const name = `admin-made ${Date.now()}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Create wallet" }).click();
    const key = await page.getByText(/^hwk_/).textContent();
    expect(key).toMatch(/^hwk_/);
    // The wallets page shows each wallet's id beside its name.
    const row = page.locator(".wallets > li", { hasText: name });
    const walletId = (await row.locator(".mono").first().textContent())?.trim();
    expect(walletId).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByRole("link", { name: "Operator view" }).click();
    await page.getByRole("heading", { name: "Operator view" }).waitFor();
    await page.getByRole("link", { name: "Portal links" }).click();
    await page.getByLabel("Wallet", { exact: true }).selectOption(walletId!);
    await page.getByRole("button", { name: "Create link" }).click();
    const url = await page.locator("code", { hasText: "#link=" }).textContent();
    const opened = await freshPage(browser);
    await opened.page.goto(url!);
    await opened.page.getByText("No webhooks yet.").waitFor();
    const me = await opened.page.evaluate(`fetch("/portal/session").then((r) => r.json())`);
    expect((me as { walletId: string }).walletId).toBe(walletId);
    await opened.context.close();
    await context.close();
  });
});
