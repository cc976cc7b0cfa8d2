import http from "node:http";
import type { AddressInfo } from "node:net";
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

/** A wallet with one webhook and one event, made with its key. */
async function walletWithData(name: string) {
  const wallet = await newWallet(name);
  const hook = await api<{ id: string }>("POST", "/v1/webhooks", wallet.apiKey, {
    url: "http://127.0.0.1:9/unreachable",
    description: `${name} hook`,
    enabled: false,
  });
  await api("POST", "/v1/events", wallet.apiKey, {
    type: "ConnectionUpdated",
    data: { state: "InvitationGenerated" },
    id: `evt-${name.replaceAll(" ", "-")}`,
  });
  return { ...wallet, hookId: hook.id };
}

describe("who sees what in the portal", () => {
  it("redirects /portal to /portal/ and serves the page with a strict content security policy", async () => {
    const bare = await fetch(`${heraldUrl()}/portal`, { redirect: "manual" });
    expect(bare.status).toBe(308);
    expect(bare.headers.get("location")).toBe("/portal/");
    const page = await fetch(`${heraldUrl()}/portal/`);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<div id="app"></div>');
  });

  it("shows a second wallet's session none of the first wallet's webhooks or events", async () => {
    const a = await walletWithData("wallet alpha");
    const b = await newWallet("wallet beta");
    const { context, page } = await freshPage(browser);
    await signInWithKey(page, b.apiKey);
    await page.getByText("No webhooks yet.").waitFor();
    expect(await page.content()).not.toContain("wallet alpha hook");
    await page.goto(`${heraldUrl()}/portal/#/webhooks/${a.hookId}`);
    await page.getByText(/Could not load: Webhook not found/).waitFor();
    await page.goto(`${heraldUrl()}/portal/#/events`);
    await page.getByRole("button", { name: "Log", exact: true }).click();
    await page.getByText("No events.").waitFor();
    expect(await page.content()).not.toContain("evt-wallet-alpha");
    await context.close();
  });

  it("opens a portal link once, and the second time shows the sign-in page", async () => {
    const wallet = await walletWithData("wallet linked");
    const link = await api<{ url: string }>("POST", "/v1/portal-links", wallet.apiKey, {});
    expect(link.url.startsWith(`${heraldUrl()}/portal/#link=`)).toBe(true);
    const first = await freshPage(browser);
    await first.page.goto(link.url);
    await first.page.getByRole("cell", { name: /wallet linked hook/ }).waitFor();
    expect(first.page.url()).not.toContain("link=");
    const second = await freshPage(browser);
    await second.page.goto(link.url);
    await second.page.getByText(/This portal link has expired or was already used/).waitFor();
    await second.page.getByLabel("API key").waitFor();
    await first.context.close();
    await second.context.close();
  });

  it("shows a read-only link no write buttons, and refuses its writes with 403", async () => {
    const wallet = await walletWithData("wallet readonly");
    const link = await api<{ url: string }>("POST", "/v1/portal-links", wallet.apiKey, {
      readOnly: true,
    });
    const { context, page } = await freshPage(browser);
    await page.goto(link.url);
    await page.getByRole("cell", { name: /wallet readonly hook/ }).waitFor();
    await page.getByText("read-only").first().waitFor();
    expect(await page.getByRole("button", { name: "Create webhook" }).count()).toBe(0);
    await page.getByRole("link", { name: /127\.0\.0\.1:9/ }).click();
    await page.getByRole("heading", { name: "Signing secret" }).waitFor();
    for (const name of ["Send test event", "Rotate secret", "Recover", "Edit", "Delete"])
      expect(await page.getByRole("button", { name, exact: true }).count()).toBe(0);
    // Even a write the page makes itself, with the session's own CSRF token, is refused.
    const status = await page.evaluate(`(async () => {
      const session = await (await fetch("/portal/session")).json();
      const res = await fetch("/v1/webhooks", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: JSON.stringify({ url: "http://127.0.0.1:9/other" }),
      });
      return res.status;
    })()`);
    expect(status).toBe(403);
    const hooks = await api<{ data: unknown[] }>("GET", "/v1/webhooks", wallet.apiKey);
    expect(hooks.data).toHaveLength(1);
    await context.close();
  });

  it("refuses a cross-site form POST that carries the session cookie, and creates nothing", async () => {
    const wallet = await newWallet("wallet csrf");
    // A hostile page on another origin (another port) that auto-submits a form to Herald.
    const evil = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><form id="f" method="POST" action="${heraldUrl()}/v1/webhooks" enctype="text/plain">
<input name='{"url":"http://127.0.0.1:9/evil","x":"' value='"}'></form>
<script>document.getElementById("f").submit()</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    try {
      const { context, page } = await freshPage(browser);
      await signInWithKey(page, wallet.apiKey);
      const posted = page.waitForResponse(
        (res) => res.url() === `${heraldUrl()}/v1/webhooks` && res.request().method() === "POST",
      );
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const response = await posted;
      // Same site (127.0.0.1), so SameSite=Strict still sends the cookie: the Origin check refuses it.
      expect((await response.request().allHeaders()).cookie).toContain("herald_session=");
      expect(response.status()).toBe(403);
      const hooks = await api<{ data: unknown[] }>("GET", "/v1/webhooks", wallet.apiKey);
      expect(hooks.data).toHaveLength(0);
      await context.close();
    } finally {
      await new Promise<void>((resolve) => evil.close(() => resolve()));
    }
  });

  it("ends the session on Sign out: the page returns to sign-in and the old cookie is refused", async () => {
    const wallet = await newWallet("wallet signout");
    const { context, page } = await freshPage(browser);
    await signInWithKey(page, wallet.apiKey);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "herald_session", httpOnly: true, sameSite: "Strict" });
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByText("You are signed out.").waitFor();
    await page.reload();
    await page.getByLabel("API key").waitFor();
    const replay = await fetch(`${heraldUrl()}/v1/webhooks`, {
      headers: { cookie: `herald_session=${cookie!.value}` },
    });
    expect(replay.status).toBe(401);
    await context.close();
  });

  it("answers a wrong key on the sign-in page with the API's message and no session", async () => {
    const { context, page } = await freshPage(browser);
    await page.goto(`${heraldUrl()}/portal/`);
    await page.getByLabel("API key").fill("hwk_not-a-real-key");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").getByText("The API key is not valid").waitFor();
    expect(await page.getByLabel("API key").inputValue()).toBe("hwk_not-a-real-key");
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it("shows a forged cookie the sign-in page, not an error", async () => {
    const { context, page } = await freshPage(browser);
    await context.addCookies([
      {
        name: "herald_session",
        value: "v1.forgedforgedforged.9999999999.0.AAAA",
        url: heraldUrl(),
      },
    ]);
    await page.goto(`${heraldUrl()}/portal/`);
    await page.getByLabel("API key").waitFor();
    expect(await page.getByRole("button", { name: "Sign in", exact: true }).count()).toBe(1);
    await context.close();
  });
});
