import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toBase64 } from "../../src/domain/crypto/encoding";
import { keyId, open, seal } from "../../src/domain/crypto/secret-box";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";

const OLD = env.ENCRYPTION_KEY;
const NEW = toBase64(crypto.getRandomValues(new Uint8Array(32)));
const rotated = { ENCRYPTION_KEYS: `${NEW},${OLD}` };
const newOnly = { ENCRYPTION_KEYS: NEW, ENCRYPTION_KEY: "" };

/** Every ciphertext D1 holds, wherever it is kept. */
async function storedCiphertexts(): Promise<string[]> {
  const hooks = await env.DB.prepare(
    "SELECT secret_enc, old_secrets, bearer_token_enc, api_key_enc, custom_headers_enc FROM webhooks",
  ).all<Record<string, string | null>>();
  const values: string[] = [];
  for (const row of hooks.results) {
    for (const [column, value] of Object.entries(row)) {
      if (value === null) continue;
      if (column === "old_secrets")
        values.push(...(JSON.parse(value) as { secretEnc: string }[]).map((s) => s.secretEnc));
      else values.push(value);
    }
  }
  const events = await env.DB.prepare(
    "SELECT json_extract(notify, '$.bearerTokenEnc') AS token FROM events WHERE notify IS NOT NULL",
  ).all<{ token: string | null }>();
  values.push(...events.results.flatMap((r) => (r.token ? [r.token] : [])));
  // A wallet's Ed25519 private key and its own iGrant ingest secret.
  const keys = await env.DB.prepare("SELECT private_key_enc AS v FROM signing_keys").all<{
    v: string;
  }>();
  const wallets = await env.DB.prepare(
    "SELECT igrant_webhook_secret_enc AS v FROM wallets WHERE igrant_webhook_secret_enc IS NOT NULL",
  ).all<{ v: string }>();
  values.push(...keys.results.map((r) => r.v), ...wallets.results.map((r) => r.v));
  return values;
}

describe("rotating the encryption key", () => {
  it("keeps old secrets readable, and reencrypt moves every stored secret to the new key", async () => {
    const wallet = await newWallet("rotation");
    const webhook = await newWebhook(wallet.apiKey, {
      enabled: false,
      bearerToken: "bearer-under-old",
      apiKey: "api-key-under-old",
      customHeaders: { "X-Api-Token": "header-under-old" },
    });
    const rotatedSecret = await callJson(`/v1/webhooks/${webhook.id}/secret/rotate`, {
      key: wallet.apiKey,
      body: {},
    });
    expect(rotatedSecret.status).toBe(200);
    // The wallet's signing key (made by its first DID document) and its own iGrant secret.
    expect((await call(`/wallets/${wallet.id}/did.json`, { key: null })).status).toBe(200);
    const igrant = await call(`/v1/wallets/${wallet.id}`, {
      method: "PATCH",
      body: { igrantWebhookSecret: "igrant-secret-under-old-key" },
    });
    expect(igrant.status).toBe(200);
    // A value from before key ids: plain base64 under the old key.
    const legacy = (await seal({ keys: [OLD] }, "legacy-bearer")).split(".")[2]!;
    await env.DB.prepare("UPDATE webhooks SET bearer_token_enc = ? WHERE id = ?")
      .bind(legacy, webhook.id)
      .run();
    // A notify target's token, stored with its event.
    const sealedNotify = await seal({ keys: [OLD] }, "notify-token");
    await env.DB.prepare(
      "INSERT INTO events (wallet_id, id, type, data, channels, notify, body_hash, seq, created_at) VALUES (?, ?, 'ConnectionUpdated', '{}', '[]', ?, 'h', 1, ?)",
    )
      .bind(
        wallet.id,
        crypto.randomUUID(),
        JSON.stringify({ url: "https://receiver.example.com/n", bearerTokenEnc: sealedNotify }),
        new Date().toISOString(),
      )
      .run();

    // With the new key first, what the old one sealed still opens.
    const read = await callJson(`/v1/webhooks/${webhook.id}/secret`, {
      key: wallet.apiKey,
      env: rotated,
    });
    expect(read.body.secret).toBe(rotatedSecret.body.secret);

    const oldId = await keyId(OLD);
    expect((await storedCiphertexts()).some((v) => !v.startsWith(`v1.${oldId}.`))).toBe(true);
    let batches = 0;
    for (let remaining = true; remaining; batches++) {
      const moved = await callJson("/v1/admin/reencrypt", { body: { limit: 1 }, env: rotated });
      expect(moved.status).toBe(200);
      expect(moved.body.keyId).toBe(await keyId(NEW));
      remaining = moved.body.remaining;
      expect(batches).toBeLessThan(50);
    }
    expect(batches).toBeGreaterThan(1);
    const stored = await storedCiphertexts();
    expect(stored.length).toBeGreaterThanOrEqual(6);
    for (const value of stored) expect(value.startsWith(`v1.${await keyId(NEW)}.`)).toBe(true);

    // The old key can go now: everything opens under the new one alone.
    const after = await callJson(`/v1/webhooks/${webhook.id}/secret`, {
      key: wallet.apiKey,
      env: newOnly,
    });
    expect(after.body.secret).toBe(rotatedSecret.body.secret);
    const row = await env.DB.prepare(
      "SELECT bearer_token_enc, api_key_enc FROM webhooks WHERE id = ?",
    )
      .bind(webhook.id)
      .first<{ bearer_token_enc: string; api_key_enc: string }>();
    expect(await open({ keys: [NEW] }, row!.bearer_token_enc)).toBe("legacy-bearer");
    expect(await open({ keys: [NEW] }, row!.api_key_enc)).toBe("api-key-under-old");
    const view = await callJson(`/v1/webhooks/${webhook.id}`, { key: wallet.apiKey, env: newOnly });
    expect(view.body.customHeaders).toMatchObject({ "X-Api-Token": expect.any(String) });
    // Removing the new key too early: the secret no longer opens, and nothing of it leaks.
    const unknown = await call(`/v1/webhooks/${webhook.id}/secret`, {
      key: wallet.apiKey,
      env: { ENCRYPTION_KEY: OLD, ENCRYPTION_KEYS: "" },
    });
    expect(unknown.status).toBe(500);
    expect(await unknown.text()).not.toContain(rotatedSecret.body.secret);
  });

  it("is admin-only", async () => {
    const wallet = await newWallet("not the operator");
    expect((await call("/v1/admin/reencrypt", { key: wallet.apiKey, body: {} })).status).toBe(403);
  });

  it("refuses to start with an ENCRYPTION_KEYS entry that is not a 32-byte key", async () => {
    const response = await call("/v1/webhooks", { env: { ENCRYPTION_KEYS: `${NEW},not-a-key` } });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("ENCRYPTION_KEYS");
  });
});
