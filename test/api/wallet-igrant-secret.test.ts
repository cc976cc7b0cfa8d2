import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { igrantTimestamp, signIgrant } from "../../src/domain/signing/igrant";
import { call, callJson, expectProblem, newWallet } from "../helpers/api";

// A wallet's own iGrant ingest secret (PATCH /v1/wallets/{id}), falling back to
// IGRANT_WEBHOOK_SECRET ("igrant-test-secret" in the test settings).

const ENV_SECRET = "igrant-test-secret";
const OWN_SECRET = "wallet-own-igrant-secret-42";

/** Posts an iGrant notification signed with `secret`, filed under the wallet of `apiKey`. */
async function igrantCall(apiKey: string, secret: string, deliveryID = crypto.randomUUID()) {
  const body = JSON.stringify({
    deliveryID,
    webhookID: "67f770936e45cf84e6880d25",
    timestamp: "2025-04-10T07:19:10Z",
    type: "openid.credential.offer_sent",
    data: {},
  });
  return call("/v1/ingest/igrant", {
    key: null,
    raw: body,
    headers: {
      "content-type": "application/json",
      "x-api-key": apiKey,
      "x-igrant-signature": await signIgrant(secret, igrantTimestamp(Date.now()), body),
    },
  });
}

const setSecret = (walletId: string, igrantWebhookSecret: string | null) =>
  callJson(`/v1/wallets/${walletId}`, { method: "PATCH", body: { igrantWebhookSecret } });

describe("a wallet's own iGrant ingest secret", () => {
  it("replaces IGRANT_WEBHOOK_SECRET for that wallet once set, and gives way to it again when cleared", async () => {
    const wallet = await newWallet();
    expect((await igrantCall(wallet.apiKey, ENV_SECRET)).status).toBe(202);

    const set = await setSecret(wallet.id, OWN_SECRET);
    expect(set.status).toBe(200);
    // The answer is the wallet with the limits in force; the secret itself is never shown.
    expect(set.body).toMatchObject({ id: wallet.id, name: "test wallet" });
    expect(JSON.stringify(set.body)).not.toContain("igrant");
    expect((await igrantCall(wallet.apiKey, OWN_SECRET)).status).toBe(202);
    await expectProblem(await igrantCall(wallet.apiKey, ENV_SECRET), 401);

    expect((await setSecret(wallet.id, null)).status).toBe(200);
    expect((await igrantCall(wallet.apiKey, ENV_SECRET)).status).toBe(202);
    await expectProblem(await igrantCall(wallet.apiKey, OWN_SECRET), 401);
  });

  it("applies to its own wallet only", async () => {
    const withOwn = await newWallet();
    const other = await newWallet();
    await setSecret(withOwn.id, OWN_SECRET);
    expect((await igrantCall(other.apiKey, ENV_SECRET)).status).toBe(202);
    await expectProblem(await igrantCall(other.apiKey, OWN_SECRET), 401);
  });

  it("is stored encrypted and never shown", async () => {
    const wallet = await newWallet();
    await setSecret(wallet.id, OWN_SECRET);
    const row = await env.DB.prepare("SELECT * FROM wallets WHERE id = ?")
      .bind(wallet.id)
      .first<Record<string, unknown>>();
    expect(row!.igrant_webhook_secret_enc).toEqual(expect.any(String));
    expect(JSON.stringify(row)).not.toContain(OWN_SECRET);
    const read = await callJson(`/v1/wallets/${wallet.id}`);
    expect(JSON.stringify(read.body)).not.toContain(OWN_SECRET);
    const list = await call("/v1/wallets?limit=100");
    expect(await list.text()).not.toContain(OWN_SECRET);
  });

  it("refuses a short secret, another field, a wallet key and an unknown wallet, changing nothing", async () => {
    const wallet = await newWallet();
    for (const body of [
      { igrantWebhookSecret: "short" },
      { igrantWebhookSecret: 7 },
      { name: "x" },
    ]) {
      const res = await call(`/v1/wallets/${wallet.id}`, { method: "PATCH", body });
      await expectProblem(res, 400);
    }
    const asWallet = await call(`/v1/wallets/${wallet.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { igrantWebhookSecret: OWN_SECRET },
    });
    await expectProblem(asWallet, 403);
    const unknown = await call(`/v1/wallets/${crypto.randomUUID()}`, {
      method: "PATCH",
      body: { igrantWebhookSecret: OWN_SECRET },
    });
    await expectProblem(unknown, 404);
    // Still the environment's secret.
    expect((await igrantCall(wallet.apiKey, ENV_SECRET)).status).toBe(202);
  });
});
