import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sessionKey, signSession } from "../../src/domain/portal/session-cookie";
import { ADMIN_KEY, call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { browserCall, ORIGIN, signIn } from "../helpers/portal";

describe("signing in to the portal with a key", () => {
  it("sets an HttpOnly, SameSite=Strict, Secure cookie for 12 hours and answers the session", async () => {
    const wallet = await newWallet();
    const res = await callJson("/portal/session", {
      key: null,
      body: { apiKey: wallet.apiKey },
      headers: { origin: ORIGIN },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: "wallet",
      walletId: wallet.id,
      readOnly: false,
      expiresAt: expect.any(String),
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^herald_session=v1\./);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Max-Age=43200");
    // http://herald.test is not a loopback host: Secure even over http.
    expect(cookie).toContain("Secure");
    expect(JSON.stringify(res.body)).not.toContain(wallet.apiKey);
  });

  it("leaves Secure off on plain-http localhost, where the browser would drop it", async () => {
    const wallet = await newWallet();
    const res = await fetchLocal("/portal/session", wallet.apiKey);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).not.toContain("Secure");
  });

  it("refuses a wrong key with 401 and sets no cookie", async () => {
    const res = await call("/portal/session", {
      key: null,
      body: { apiKey: "hwk_not-a-key" },
      headers: { origin: ORIGIN },
    });
    await expectProblem(res, 401);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a sign-in posted from another origin with 403", async () => {
    const wallet = await newWallet();
    const res = await call("/portal/session", {
      key: null,
      body: { apiKey: wallet.apiKey },
      headers: { origin: "https://evil.example" },
    });
    await expectProblem(res, 403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("lets the cookie read the wallet's own data and nothing of another wallet", async () => {
    const a = await newWallet();
    const b = await newWallet();
    const hookA = await newWebhook(a.apiKey);
    const hookB = await newWebhook(b.apiKey);
    const browser = await signIn(a.apiKey);
    const list = await browserCall(browser, "/v1/webhooks");
    expect(list.status).toBe(200);
    const ids = ((await list.json()) as any).data.map((w: any) => w.id);
    expect(ids).toEqual([hookA.id]);
    await expectProblem(await browserCall(browser, `/v1/webhooks/${hookB.id}`), 404);
  });

  it("gives an admin key an admin session", async () => {
    const browser = await signIn(ADMIN_KEY);
    const me = await callJson("/portal/session", {
      key: null,
      headers: { cookie: browser.cookie },
    });
    expect(me.body).toMatchObject({ kind: "admin", walletId: null, csrfToken: browser.csrf });
    expect((await browserCall(browser, "/v1/wallets")).status).toBe(200);
  });
});

describe("a cookie that is not a live session", () => {
  it("answers 401 for a forged signature", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    // Change the MAC's first character: its last one also carries base64 padding bits, which a
    // decoder may ignore, so changing that one does not always change the bytes.
    const mac = browser.cookie.lastIndexOf(".") + 1;
    const flipped = browser.cookie[mac] === "A" ? "B" : "A";
    const forged = `${browser.cookie.slice(0, mac)}${flipped}${browser.cookie.slice(mac + 1)}`;
    await expectProblem(await browserCall({ ...browser, cookie: forged }, "/v1/webhooks"), 401);
    const wrongKey = await sessionKey("another-encryption-key-entirely");
    const signedElsewhere = await signSession(wrongKey, {
      sessionId: browser.cookie.split(".")[1]!,
      expiresAt: Date.now() + 60_000,
      readOnly: false,
    });
    const other = { ...browser, cookie: `herald_session=${signedElsewhere}` };
    await expectProblem(await browserCall(other, "/v1/webhooks"), 401);
  });

  it("answers 401 once the cookie's expiry has passed, even with a valid signature", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    const sessionId = browser.cookie.split(".")[1]!;
    const key = await sessionKey(env.ENCRYPTION_KEY);
    const expired = await signSession(key, {
      sessionId,
      expiresAt: Date.now() - 1000,
      readOnly: false,
    });
    await expectProblem(
      await browserCall({ ...browser, cookie: `herald_session=${expired}` }, "/v1/webhooks"),
      401,
    );
  });

  it("answers 401 once the session row has expired", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    const sessionId = browser.cookie.split(".")[1]!;
    await env.DB.prepare("UPDATE portal_sessions SET expires_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), sessionId)
      .run();
    await expectProblem(await browserCall(browser, "/v1/webhooks"), 401);
  });

  it("answers GET /portal/session with 401 without a cookie", async () => {
    await expectProblem(await call("/portal/session", { key: null }), 401);
  });
});

describe("signing out", () => {
  it("ends the session for good: the same cookie replayed afterwards is 401", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    expect((await browserCall(browser, "/v1/webhooks")).status).toBe(200);
    const out = await browserCall(browser, "/portal/session/logout", { method: "POST" });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^herald_session=; .*Max-Age=0/);
    await expectProblem(await browserCall(browser, "/v1/webhooks"), 401);
    await expectProblem(
      await call("/portal/session", { key: null, headers: { cookie: browser.cookie } }),
      401,
    );
  });

  it("refuses a sign-out without the CSRF token, and the session stays", async () => {
    const wallet = await newWallet();
    const browser = await signIn(wallet.apiKey);
    const out = await browserCall(browser, "/portal/session/logout", {
      method: "POST",
      headers: { "x-csrf-token": "" },
    });
    await expectProblem(out, 403);
    expect((await browserCall(browser, "/v1/webhooks")).status).toBe(200);
  });
});

/** A sign-in as a browser on http://localhost:8787 would make it. */
function fetchLocal(path: string, apiKey: string) {
  return exports.default.fetch(
    new Request(`http://localhost:8787${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:8787" },
      body: JSON.stringify({ apiKey }),
    }),
  );
}

describe("a session and the key that opened it", () => {
  it("ends when that key is revoked, while the wallet's other sessions go on", async () => {
    const wallet = await newWallet();
    const second = await callJson(`/v1/wallets/${wallet.id}/api-keys`, { method: "POST" });
    const byFirst = await signIn(wallet.apiKey);
    const bySecond = await signIn(second.body.apiKey);
    const keys = await callJson(`/v1/wallets/${wallet.id}/api-keys`);
    const firstKey = keys.body.data.find((k: any) => wallet.apiKey.startsWith(k.prefix));
    const revoked = await call(`/v1/wallets/${wallet.id}/api-keys/${firstKey.id}`, {
      method: "DELETE",
    });
    expect(revoked.status).toBeLessThan(300);
    await expectProblem(await browserCall(byFirst, "/v1/webhooks"), 401);
    expect((await browserCall(bySecond, "/v1/webhooks")).status).toBe(200);
  });

  it("ends an admin session when ADMIN_API_KEY changes", async () => {
    const browser = await signIn(ADMIN_KEY);
    const res = await call("/v1/wallets", {
      key: null,
      headers: { cookie: browser.cookie },
      env: { ADMIN_API_KEY: "a-new-admin-key-0123456789" },
    });
    await expectProblem(res, 401);
    expect((await browserCall(browser, "/v1/wallets")).status).toBe(200);
  });
});
