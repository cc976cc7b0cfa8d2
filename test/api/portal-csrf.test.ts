import { describe, expect, it } from "vitest";
import { call, callJson, countWebhooks, expectProblem, newWallet } from "../helpers/api";
import { browserCall, signIn } from "../helpers/portal";
import { KEY_ROUTES, pathOf } from "../helpers/routes";

const NEW_HOOK = { url: "https://receiver.example.com/csrf" };

describe("CSRF defence for cookie sessions", () => {
  it("accepts a same-origin write with the session's token", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    const res = await browserCall(browser, "/v1/webhooks", { method: "POST", body: NEW_HOOK });
    expect(res.status).toBe(201);
  });

  it("refuses a cross-site form POST carrying the cookie with 403 and creates nothing", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    const before = await countWebhooks();
    // What a hostile page's auto-submitting <form enctype="text/plain"> sends.
    const res = await call("/v1/webhooks", {
      key: null,
      method: "POST",
      raw: '{"url":"https://attacker.example/x","ignore":"="}',
      headers: {
        cookie: browser.cookie,
        origin: "https://attacker.example",
        "sec-fetch-site": "cross-site",
        "content-type": "text/plain",
      },
    });
    await expectProblem(res, 403);
    expect(await countWebhooks()).toBe(before);
  });

  it("refuses a same-origin write without the CSRF token, or with another session's", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    const other = await signIn(wallet.apiKey);
    const before = await countWebhooks();
    const missing = await browserCall(browser, "/v1/webhooks", {
      method: "POST",
      body: NEW_HOOK,
      headers: { "x-csrf-token": "" },
    });
    await expectProblem(missing, 403);
    const borrowed = await browserCall(browser, "/v1/webhooks", {
      method: "POST",
      body: NEW_HOOK,
      headers: { "x-csrf-token": other.csrf },
    });
    await expectProblem(borrowed, 403);
    expect(await countWebhooks()).toBe(before);
  });

  it("refuses a write with no Origin header at all", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    const res = await call("/v1/webhooks", {
      key: null,
      body: NEW_HOOK,
      headers: { cookie: browser.cookie, "x-csrf-token": browser.csrf },
    });
    await expectProblem(res, 403);
  });

  it("leaves key requests alone: a key with a stray cookie needs no CSRF token", async () => {
    const wallet = await newWallet();
    const res = await callJson("/v1/webhooks", {
      key: wallet.apiKey,
      body: NEW_HOOK,
      headers: { cookie: "herald_session=v1.garbage" },
    });
    expect(res.status).toBe(201);
  });
});

describe("CSRF defence on every route that takes a key", () => {
  it("refuses a cross-site POST with the cookie on the Identus-style /events/webhooks too", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    const before = await countWebhooks();
    const res = await call("/events/webhooks", {
      key: null,
      body: { url: "https://attacker.example/x" },
      headers: { cookie: browser.cookie, origin: "https://attacker.example" },
    });
    await expectProblem(res, 403);
    expect(await countWebhooks()).toBe(before);
  });

  it.each(KEY_ROUTES.filter((route) => route.method !== "GET"))(
    "$method $path refuses a cookie write without the CSRF token",
    async (route) => {
      const wallet = await newWallet();
      const browser = await signIn(wallet.apiKey);
      const res = await browserCall(browser, pathOf(route, { id: "any-id", keyId: "any-key" }), {
        method: route.method,
        body: route.body,
        headers: { "x-csrf-token": "wrong" },
      });
      await expectProblem(res, 403);
    },
  );
});
