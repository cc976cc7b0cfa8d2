import { describe, expect, it } from "vitest";
import { HERALD_USER_AGENT, webhookMessageId } from "../../src/domain/signing/webhook-id";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";

const LOOP = "urn:herald:problem:delivery-loop";
const event = { type: "app.loop.check", data: {} };
const signature = `v1,${btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))}`;

async function eventCount(walletKey: string): Promise<number> {
  const { body } = await callJson("/v1/events?limit=100", { key: walletKey });
  return body.data.length;
}

describe("webhook and notify URLs at Herald's own hosts", () => {
  it("refuses a webhook at the host the request reached Herald by, in any case and with a port", async () => {
    const wallet = await newWallet();
    for (const url of ["https://herald.test/v1/ingest/waltid", "https://HERALD.test:8443/x"]) {
      const res = await callJson("/v1/webhooks", { key: wallet.apiKey, body: { url } });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ path: "url" });
      expect(res.body.errors[0].message).toMatch(/Herald itself/);
    }
    const hook = await newWebhook(wallet.apiKey);
    const patched = await callJson(`/v1/webhooks/${hook.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { url: "https://herald.test/v1/events" },
    });
    expect(patched.status).toBe(400);
  });

  it("refuses the hosts HERALD_HOSTNAMES lists, for webhooks, Identus webhooks, notify targets and notify secrets", async () => {
    const wallet = await newWallet();
    const env = { HERALD_HOSTNAMES: "hooks.herald.example.org, api.herald.example.org" };
    const url = "https://api.herald.example.org/v1/ingest/identus";
    const refused = [
      await call("/v1/webhooks", { key: wallet.apiKey, body: { url }, env }),
      await call("/events/webhooks", { key: wallet.apiKey, body: { url }, env }),
      await call("/v1/events", {
        key: wallet.apiKey,
        body: { ...event, notify: { url } },
        env,
      }),
      await call("/v1/notify-targets/secret", { key: wallet.apiKey, body: { url }, env }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/Herald itself/);
    }
    // Without the setting the same URL is an ordinary destination.
    expect((await call("/v1/webhooks", { key: wallet.apiKey, body: { url } })).status).toBe(201);
  });

  it("refuses a malformed HERALD_HOSTNAMES with 503 naming the setting", async () => {
    const res = await callJson("/v1/webhooks", {
      body: { url: "https://receiver.example.com/x" },
      env: { HERALD_HOSTNAMES: "https://herald.example.org/path" },
    });
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/HERALD_HOSTNAMES/);
  });
});

describe("ingest refuses Herald's own deliveries", () => {
  const routes = [
    ["/v1/events", event],
    ["/v1/events/batch", { events: [event] }],
    ["/v1/ingest/waltid", { type: "ISSUANCE_SESSION_UPDATE", data: { id: "x" } }],
    ["/v1/ingest/identus", { id: "n-1", type: "x", ts: "2026-01-01T00:00:00Z", data: {} }],
    ["/v1/ingest/acapy/topic/connections/", { connection_id: "c-1", state: "active" }],
  ] as const;

  it("answers 400 delivery-loop to a request with Herald's User-Agent, on every ingest route, storing nothing", async () => {
    const wallet = await newWallet();
    for (const [path, body] of routes) {
      const res = await callJson(path, {
        key: wallet.apiKey,
        body,
        headers: { "user-agent": HERALD_USER_AGENT },
      });
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.body.type).toBe(LOOP);
    }
    // Another version of Herald is Herald too.
    const other = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: event,
      headers: { "user-agent": "herald-webhooks/9.9" },
    });
    expect(other.body.type).toBe(LOOP);
    expect(await eventCount(wallet.apiKey)).toBe(0);
  });

  it("answers 400 delivery-loop to a Herald webhook-id with a v1 signature, whatever the User-Agent", async () => {
    const wallet = await newWallet();
    const res = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: event,
      headers: {
        "user-agent": "proxy/1.0",
        "webhook-id": await webhookMessageId(wallet.id, "e-1"),
        "webhook-timestamp": "1795000000",
        "webhook-signature": `v1,short ${signature}`,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(LOOP);
    expect(await eventCount(wallet.apiKey)).toBe(0);
  });

  it("accepts another sender's Standard Webhooks headers, and a Herald-shaped id without a signature", async () => {
    const wallet = await newWallet();
    const foreign = await call("/v1/events", {
      key: wallet.apiKey,
      body: event,
      headers: { "webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "webhook-signature": signature },
    });
    expect(foreign.status).toBe(202);
    const unsigned = await call("/v1/events", {
      key: wallet.apiKey,
      body: event,
      headers: { "webhook-id": await webhookMessageId(wallet.id, "e-2") },
    });
    expect(unsigned.status).toBe(202);
  });
});

describe("herald.* event types are Herald's own", () => {
  it("refuses herald.* on ingest (any case) and batches, storing nothing", async () => {
    const wallet = await newWallet();
    for (const type of ["herald.delivery.exhausted", "Herald.custom"]) {
      const res = await callJson("/v1/events", { key: wallet.apiKey, body: { type, data: {} } });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ path: "0.type" });
    }
    const batch = await callJson("/v1/events/batch", {
      key: wallet.apiKey,
      body: { events: [event, { type: "herald.webhook.disabled", data: {} }] },
    });
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0]).toMatchObject({ path: "1.type" });
    expect(await eventCount(wallet.apiKey)).toBe(0);
  });

  it("refuses a test send of a herald.* type", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    const res = await callJson(`/v1/webhooks/${hook.id}/test`, {
      key: wallet.apiKey,
      body: { eventType: "herald.delivery.exhausted" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: "eventType" });
    expect(await eventCount(wallet.apiKey)).toBe(0);
  });

  it("refuses registering a herald.* type in any case", async () => {
    const wallet = await newWallet();
    const res = await callJson("/v1/event-types", {
      key: wallet.apiKey,
      body: { name: "HERALD.mine", description: "not mine to take" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: "name" });
  });
});
