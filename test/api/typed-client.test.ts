import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  createHeraldClient,
  verifyWebhook,
  WebhookVerificationError,
} from "../../clients/typescript/src/index";
import { signStandard } from "../../src/domain/signing/standard-webhooks";
import { ADMIN_KEY } from "../helpers/api";

// @herald/client inside workerd: the client and verifyWebhook need nothing but fetch and
// WebCrypto, so they run in a Worker as they do in Node. The Node suites run them against
// Herald over HTTP (clients/typescript/test/).

const admin = createHeraldClient({
  baseUrl: "http://herald.test",
  apiKey: ADMIN_KEY,
  fetch: (request) => exports.default.fetch(request),
});

describe("@herald/client in a Worker", () => {
  it("calls the API and verifies what Herald's signer signs with the webhook's secret", async () => {
    const wallet = await admin.POST("/v1/wallets", { body: { name: "typed client in workerd" } });
    expect(wallet.response.status).toBe(201);
    const client = createHeraldClient({
      baseUrl: "http://herald.test/",
      apiKey: wallet.data!.apiKey,
      fetch: (request) => exports.default.fetch(request),
    });
    const webhook = await client.POST("/v1/webhooks", {
      body: { url: "https://receiver.example.com/hooks" },
    });
    expect(webhook.response.status).toBe(201);
    const secret = await client.GET("/v1/webhooks/{id}/secret", {
      params: { path: { id: webhook.data!.id } },
    });
    expect(secret.data!.secret).toBe(webhook.data!.secret);

    const body = JSON.stringify({
      id: "evt_1",
      type: "herald.webhook.disabled",
      timestamp: new Date().toISOString(),
      walletId: wallet.data!.id,
      data: { webhookId: webhook.data!.id, reason: "410 Gone" },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = new Headers({
      "webhook-id": "evt_1",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signStandard([secret.data!.secret], "evt_1", timestamp, body),
    });
    const event = await verifyWebhook(secret.data!.secret, body, headers);
    expect(event).toMatchObject({ id: "evt_1", type: "herald.webhook.disabled" });

    const other = await client.POST("/v1/webhooks/{id}/secret/rotate", {
      params: { path: { id: webhook.data!.id } },
      body: {},
    });
    const refused = await verifyWebhook(other.data!.secret, body, headers).catch((e) => e);
    expect(refused).toBeInstanceOf(WebhookVerificationError);
    expect(refused.reason).toBe("invalid_signature");
  });
});
