import { describe, expect, it } from "vitest";
import { call, newWallet, newWebhook } from "../helpers/api";

describe("answers that carry a secret or a key are never cached", () => {
  it("marks wallet creation, key issue, webhook creation, secret reveal and rotation, and notify secrets no-store", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    const answers = {
      "POST /v1/wallets": await call("/v1/wallets", { body: { name: "cached?" } }),
      "POST /v1/wallets/{id}/api-keys": await call(`/v1/wallets/${wallet.id}/api-keys`, {
        method: "POST",
        body: {},
      }),
      "POST /v1/webhooks": await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: { url: "https://receiver.example.com/x" },
      }),
      "GET /v1/webhooks/{id}/secret": await call(`/v1/webhooks/${hook.id}/secret`, {
        key: wallet.apiKey,
      }),
      "POST /v1/webhooks/{id}/secret/rotate": await call(`/v1/webhooks/${hook.id}/secret/rotate`, {
        method: "POST",
        key: wallet.apiKey,
      }),
      "POST /v1/notify-targets/secret": await call("/v1/notify-targets/secret", {
        key: wallet.apiKey,
        body: { url: "https://receiver.example.com/n" },
      }),
    };
    for (const [route, res] of Object.entries(answers)) {
      expect(res.status, route).toBeLessThan(300);
      expect(res.headers.get("cache-control"), route).toBe("no-store");
    }
  });

  it("leaves answers without secrets as they were", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    const read = await call(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey });
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBeNull();
  });
});
