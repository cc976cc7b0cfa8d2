import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, callJson, newWallet } from "../helpers/api";

describe("wallets", () => {
  it("creates a wallet whose key is shown once and stored only as a hash", async () => {
    const { status, body } = await callJson("/v1/wallets", { body: { name: "Acme issuer" } });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      name: "Acme issuer",
      id: expect.any(String),
      apiKey: expect.stringMatching(/^hwk_/),
    });
    const stored = await env.DB.prepare("SELECT key_hash FROM api_keys WHERE wallet_id = ?")
      .bind(body.id)
      .all<{ key_hash: string }>();
    expect(stored.results).toHaveLength(1);
    expect(stored.results[0]!.key_hash).not.toContain(body.apiKey);
    expect(JSON.stringify(await (await call(`/v1/wallets/${body.id}`)).json())).not.toContain(
      body.apiKey,
    );
  });

  it("lets a new wallet key call the API at once", async () => {
    const wallet = await newWallet();
    const res = await call("/v1/webhooks", { key: wallet.apiKey });
    expect(res.status).toBe(200);
  });

  it("pages through wallets with a cursor", async () => {
    for (let i = 0; i < 3; i++) await newWallet(`page ${i}`);
    const first = await callJson("/v1/wallets?limit=2");
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await callJson(`/v1/wallets?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.data, ...second.body.data].map((w: any) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("issues and revokes extra keys", async () => {
    const wallet = await newWallet();
    const issued = await callJson(`/v1/wallets/${wallet.id}/api-keys`, { method: "POST" });
    expect(issued.status).toBe(201);
    expect((await call("/v1/webhooks", { key: issued.body.apiKey })).status).toBe(200);
    const revoked = await call(`/v1/wallets/${wallet.id}/api-keys/${issued.body.id}`, {
      method: "DELETE",
    });
    expect(revoked.status).toBe(204);
    expect((await call("/v1/webhooks", { key: issued.body.apiKey })).status).toBe(401);
    expect((await call("/v1/webhooks", { key: wallet.apiKey })).status).toBe(200);
  });

  it("deletes a wallet with its keys", async () => {
    const wallet = await newWallet();
    expect((await call(`/v1/wallets/${wallet.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call(`/v1/wallets/${wallet.id}`)).status).toBe(404);
    expect((await call("/v1/webhooks", { key: wallet.apiKey })).status).toBe(401);
  });

  it("refuses a wallet without a name, naming the field", async () => {
    const { status, body, headers } = await callJson("/v1/wallets", { body: { name: "" } });
    expect(status).toBe(400);
    expect(headers.get("content-type")).toBe("application/problem+json");
    expect(body.errors).toEqual([expect.objectContaining({ path: "name" })]);
  });

  it("refuses wallet management with a wallet key", async () => {
    const wallet = await newWallet();
    const { status } = await callJson("/v1/wallets", { key: wallet.apiKey, body: { name: "x" } });
    expect(status).toBe(403);
  });
});
