import { describe, expect, it } from "vitest";
import { ADMIN_KEY, call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";

const IP = "203.0.113.7";

/** Every entry the caller sees, newest first, across pages of `limit`. */
async function auditLog(key: string, query = "", limit = 2): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: any } = await callJson(
      `/v1/audit-log?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`,
      { key },
    );
    expect(page.status).toBe(200);
    all.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

describe("the audit log", () => {
  it("records who changed what, when and from where, and never a secret", async () => {
    const wallet = await newWallet("audited");
    const [firstKey] = (await callJson(`/v1/wallets/${wallet.id}/api-keys`)).body.data;
    const headers = { "cf-connecting-ip": IP };
    const webhook = await callJson("/v1/webhooks", {
      key: wallet.apiKey,
      headers,
      body: {
        url: "https://receiver.example.com/audited",
        bearerToken: "bearer-secret-1234",
        customHeaders: { "X-Api-Token": "header-secret-5678" },
      },
    });
    expect(webhook.status).toBe(201);
    const id = webhook.body.id;
    const patched = await call(`/v1/webhooks/${id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      headers,
      body: { bearerToken: "bearer-secret-rotated" },
    });
    expect(patched.status).toBe(200);
    const revealed = await callJson(`/v1/webhooks/${id}/secret`, { key: wallet.apiKey, headers });
    const rotated = await callJson(`/v1/webhooks/${id}/secret/rotate`, {
      key: wallet.apiKey,
      headers,
      body: {},
    });
    expect(rotated.status).toBe(200);
    const recovered = await call(`/v1/webhooks/${id}/recover`, {
      key: wallet.apiKey,
      headers,
      body: { since: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(recovered.status).toBe(202);
    const issued = await callJson(`/v1/wallets/${wallet.id}/api-keys`, {
      body: { scopes: ["read"], name: "dashboard" },
    });
    expect(
      (await call(`/v1/wallets/${wallet.id}/api-keys/${issued.body.id}`, { method: "DELETE" }))
        .status,
    ).toBe(204);
    expect(
      (await call(`/v1/webhooks/${id}`, { method: "DELETE", key: wallet.apiKey })).status,
    ).toBe(204);

    const entries = await auditLog(wallet.apiKey);
    expect(entries.map((e) => e.action)).toEqual([
      "webhook.deleted",
      "api_key.revoked",
      "api_key.issued",
      "webhook.recovered",
      "webhook.secret_rotated",
      "webhook.secret_revealed",
      "webhook.updated",
      "webhook.created",
    ]);
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(byAction["webhook.created"]).toMatchObject({
      walletId: wallet.id,
      actor: `key:${firstKey.id}`,
      target: id,
      ip: IP,
    });
    expect(byAction["webhook.updated"].details).toEqual({ fields: ["bearerToken"] });
    expect(byAction["api_key.issued"]).toMatchObject({
      actor: "admin",
      target: issued.body.id,
      ip: null,
      details: { scopes: ["read"], name: "dashboard" },
    });
    expect(byAction["webhook.recovered"].details).toMatchObject({ recovered: 0 });
    for (const entry of entries) expect(Date.parse(entry.createdAt)).not.toBeNaN();

    const text = JSON.stringify(await auditLog(ADMIN_KEY, `&walletId=${wallet.id}`, 100));
    for (const secret of [
      "bearer-secret-1234",
      "bearer-secret-rotated",
      "header-secret-5678",
      webhook.body.secret,
      revealed.body.secret,
      rotated.body.secret,
      issued.body.apiKey,
      wallet.apiKey,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("shows a wallet only its own entries; the admin sees one wallet or all", async () => {
    const a = await newWallet("audit a");
    const b = await newWallet("audit b");
    const hookA = await newWebhook(a.apiKey);
    const hookB = await newWebhook(b.apiKey);
    const seenByA = await auditLog(a.apiKey);
    expect(seenByA.map((e) => e.target)).toEqual([hookA.id]);
    await expectProblem(await call(`/v1/audit-log?walletId=${b.id}`, { key: a.apiKey }), 403);
    const adminB = await auditLog(ADMIN_KEY, `&walletId=${b.id}`);
    expect(adminB.map((e) => e.target)).toEqual([hookB.id]);
    const all = (await callJson("/v1/audit-log?limit=100")).body.data.map((e: any) => e.target);
    expect(all).toEqual(expect.arrayContaining([hookA.id, hookB.id]));
  });

  it("refuses a cursor it did not issue with 400", async () => {
    const wallet = await newWallet("audit cursor");
    await expectProblem(
      await call("/v1/audit-log?cursor=bm90LWFuLWlk", { key: wallet.apiKey }),
      400,
    );
  });
});
