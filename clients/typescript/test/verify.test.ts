import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWebhook, type WebhookVerificationReason } from "../src/index.ts";

// verifyWebhook against deliveries signed by the Standard Webhooks reference library, so the two
// agree on the scheme; each way a request can be wrong is refused with its own reason.

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER = "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkhIQ==";
const NOW = Date.UTC(2026, 0, 1);
const body = JSON.stringify({
  id: "evt_1",
  type: "herald.webhook.disabled",
  timestamp: new Date(NOW).toISOString(),
  walletId: "w1",
  data: { webhookId: "wh_1", reason: "410 Gone" },
});

function signed(payload = body, secret = SECRET, at = NOW) {
  return {
    "webhook-id": "evt_1",
    "webhook-timestamp": String(Math.floor(at / 1000)),
    "webhook-signature": new Webhook(secret).sign("evt_1", new Date(at), payload),
  };
}

async function reason(promise: Promise<unknown>): Promise<WebhookVerificationReason | "verified"> {
  try {
    await promise;
    return "verified";
  } catch (error) {
    expect((error as Error).name).toBe("WebhookVerificationError");
    return (error as { reason: WebhookVerificationReason }).reason;
  }
}

describe("verifyWebhook", () => {
  it("accepts what the reference library signs, as text, bytes or fetch Headers", async () => {
    const headers = signed();
    expect(await verifyWebhook(SECRET, body, headers, { now: NOW })).toEqual(JSON.parse(body));
    const bytes = new TextEncoder().encode(body);
    expect(await verifyWebhook(SECRET, bytes, new Headers(headers), { now: NOW })).toMatchObject({
      type: "herald.webhook.disabled",
    });
    expect(await verifyWebhook(SECRET, bytes.buffer, headers, { now: NOW })).toMatchObject({
      id: "evt_1",
    });
  });

  it("accepts a delivery signed during a rotation when either signature matches", async () => {
    const old = signed(body, OTHER)["webhook-signature"];
    const headers = { ...signed(), "webhook-signature": `${old} ${signed()["webhook-signature"]}` };
    expect(await reason(verifyWebhook(SECRET, body, headers, { now: NOW }))).toBe("verified");
    expect(await reason(verifyWebhook(OTHER, body, headers, { now: NOW }))).toBe("verified");
  });

  it("refuses a body changed after signing", async () => {
    const changed = body.replace("410 Gone", "200 OK");
    expect(await reason(verifyWebhook(SECRET, changed, signed(), { now: NOW }))).toBe(
      "invalid_signature",
    );
  });

  it("refuses a signature made with another secret", async () => {
    expect(await reason(verifyWebhook(SECRET, body, signed(body, OTHER), { now: NOW }))).toBe(
      "invalid_signature",
    );
  });

  it("refuses timestamps more than five minutes old or ahead, and accepts them within", async () => {
    const at = (offsetSeconds: number) => signed(body, SECRET, NOW + offsetSeconds * 1000);
    expect(await reason(verifyWebhook(SECRET, body, at(-301), { now: NOW }))).toBe(
      "timestamp_too_old",
    );
    expect(await reason(verifyWebhook(SECRET, body, at(301), { now: NOW }))).toBe(
      "timestamp_too_new",
    );
    expect(await reason(verifyWebhook(SECRET, body, at(-299), { now: NOW }))).toBe("verified");
    expect(await reason(verifyWebhook(SECRET, body, at(299), { now: NOW }))).toBe("verified");
  });

  it("refuses missing headers, a malformed timestamp and a secret that is not base64", async () => {
    const { "webhook-signature": _, ...unsigned } = signed();
    expect(await reason(verifyWebhook(SECRET, body, unsigned, { now: NOW }))).toBe(
      "missing_headers",
    );
    const malformed = { ...signed(), "webhook-timestamp": "2026-01-01T00:00:00Z" };
    expect(await reason(verifyWebhook(SECRET, body, malformed, { now: NOW }))).toBe(
      "invalid_timestamp",
    );
    expect(await reason(verifyWebhook("whsec_not base64!", body, signed(), { now: NOW }))).toBe(
      "invalid_secret",
    );
  });

  it("refuses a signature scheme it does not check and a signed body that is not JSON", async () => {
    const v1a = { ...signed(), "webhook-signature": "v1a,c2lnbmF0dXJl" };
    expect(await reason(verifyWebhook(SECRET, body, v1a, { now: NOW }))).toBe("invalid_signature");
    expect(await reason(verifyWebhook(SECRET, "not json", signed("not json"), { now: NOW }))).toBe(
      "invalid_body",
    );
  });
});
