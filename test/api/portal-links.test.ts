import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sweep } from "../../src/cron/sweep";
import { sha256Hex } from "../../src/domain/crypto/encoding";
import { ADMIN_KEY, call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { browserCall, openLink } from "../helpers/portal";

async function newLink(key: string, body: Record<string, unknown> = {}) {
  return callJson("/v1/portal-links", { key, body });
}

describe("POST /v1/portal-links", () => {
  it("gives a wallet key a 15-minute link for its own wallet", async () => {
    const wallet = await newWallet();
    const before = Date.now();
    const { status, body } = await newLink(wallet.apiKey);
    expect(status).toBe(201);
    expect(body).toEqual({
      url: expect.stringMatching(/^http:\/\/herald\.test\/portal\/#link=[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      walletId: wallet.id,
      readOnly: false,
    });
    const ttl = Date.parse(body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000 + 5_000);
  });

  it("refuses a wallet key a link for another wallet with 403", async () => {
    const a = await newWallet();
    const b = await newWallet();
    const res = await call("/v1/portal-links", { key: a.apiKey, body: { walletId: b.id } });
    await expectProblem(res, 403);
  });

  it("gives the admin a link for any wallet, and needs the wallet named", async () => {
    const wallet = await newWallet();
    const made = await newLink(ADMIN_KEY, { walletId: wallet.id, readOnly: true });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ walletId: wallet.id, readOnly: true });
    const missing = await newLink(ADMIN_KEY);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: "walletId", message: expect.any(String) }]);
    // An unknown wallet named by the admin is a bad input at its field (the requestWallet rule).
    const unknown = await newLink(ADMIN_KEY, { walletId: "no-such-wallet" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: "walletId", message: "No such wallet" }]);
  });
});

describe("opening a portal link", () => {
  it("opens a session for the link's wallet once, and not a second time", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    const { body } = await newLink(wallet.apiKey);
    const first = await openLink(body.url);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: "wallet", walletId: wallet.id, readOnly: false });
    const list = await browserCall(first.browser!, "/v1/webhooks");
    expect(((await list.json()) as any).data.map((w: any) => w.id)).toEqual([hook.id]);
    const second = await openLink(body.url);
    expect(second.status).toBe(401);
    expect(second.browser).toBeNull();
  });

  it("opens once when two tabs race to open the same link", async () => {
    const wallet = await newWallet();
    const { body } = await newLink(wallet.apiKey);
    const results = await Promise.all([openLink(body.url), openLink(body.url), openLink(body.url)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  it("refuses a link after its 15 minutes", async () => {
    const wallet = await newWallet();
    const { body } = await newLink(wallet.apiKey);
    await env.DB.prepare("UPDATE portal_links SET expires_at = ? WHERE wallet_id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), wallet.id)
      .run();
    expect((await openLink(body.url)).status).toBe(401);
  });

  it("refuses a token Herald never issued", async () => {
    const opened = await openLink(
      "http://herald.test/portal/#link=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    );
    expect(opened.status).toBe(401);
  });

  it("makes a read-only link's session refuse every write with 403 and change nothing", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    const { body } = await newLink(wallet.apiKey, { readOnly: true });
    const opened = await openLink(body.url);
    expect(opened.body.readOnly).toBe(true);
    const browser = opened.browser!;
    expect((await browserCall(browser, "/v1/webhooks")).status).toBe(200);
    const writes: Array<[string, string, unknown]> = [
      ["POST", "/v1/webhooks", { url: "https://receiver.example.com/new" }],
      ["PATCH", `/v1/webhooks/${hook.id}`, { description: "changed" }],
      ["DELETE", `/v1/webhooks/${hook.id}`, undefined],
      ["POST", `/v1/webhooks/${hook.id}/secret/rotate`, {}],
      ["POST", "/v1/portal-links", {}],
    ];
    for (const [method, path, payload] of writes) {
      const res = await browserCall(browser, path, { method, body: payload });
      const problem = await expectProblem(res, 403);
      expect(problem.detail).toContain("read-only");
    }
    const after = await callJson(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey });
    expect(after.body).toMatchObject({ description: hook.description, url: hook.url });
    const list = await callJson("/v1/webhooks", { key: wallet.apiKey });
    expect(list.body.data).toHaveLength(1);
    // Signing out is not a write to the wallet: a read-only session may end itself.
    expect((await browserCall(browser, "/portal/session/logout", { method: "POST" })).status).toBe(
      204,
    );
  });
});

describe("the cron sweep and portal rows", () => {
  it("deletes expired links and sessions, and keeps live ones", async () => {
    const wallet = await newWallet();
    const stale = await newLink(wallet.apiKey);
    const live = await newLink(wallet.apiKey);
    const liveToken = new URL(live.body.url).hash.replace("#link=", "");
    await env.DB.prepare(
      "UPDATE portal_links SET expires_at = ? WHERE wallet_id = ? AND token_hash != ?",
    )
      .bind(new Date(Date.now() - 1000).toISOString(), wallet.id, await sha256Hex(liveToken))
      .run();
    await sweep(env);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM portal_links WHERE wallet_id = ?")
      .bind(wallet.id)
      .first<{ n: number }>();
    expect(left!.n).toBe(1);
    expect((await openLink(stale.body.url)).status).toBe(401);
    expect((await openLink(live.body.url)).status).toBe(200);
  });

  it("ends a wallet's sessions when the wallet is deleted", async () => {
    const wallet = await newWallet();
    const { body } = await newLink(wallet.apiKey);
    const opened = await openLink(body.url);
    expect((await call(`/v1/wallets/${wallet.id}`, { method: "DELETE" })).status).toBeLessThan(300);
    await expectProblem(await browserCall(opened.browser!, "/v1/webhooks"), 401);
  });
});
