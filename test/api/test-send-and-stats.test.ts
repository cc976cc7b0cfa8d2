import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { builtinEventType } from "../../src/domain/event-catalog";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";
import { deliveriesInD1 } from "../helpers/wait";

describe("test sends", () => {
  it("sends the catalog's example of a type to this webhook only, signed and logged", async () => {
    const wallet = await newWallet();
    const target = await newReceiver();
    const bystander = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: target.url });
    await newWebhook(wallet.apiKey, { url: bystander.url });
    const res = await callJson(`/v1/webhooks/${hook.id}/test`, {
      key: wallet.apiKey,
      body: { eventType: "openid.credential.offer_sent" },
    });
    expect(res.status).toBe(202);
    const example = builtinEventType("openid.credential.offer_sent")!.example;
    expect(res.body).toMatchObject({
      webhookId: hook.id,
      type: "openid.credential.offer_sent",
      data: example,
    });
    const [req] = await target.waitFor(1);
    const payload = new Webhook(hook.secret).verify(req!.body, req!.headers) as {
      id: string;
      data: unknown;
    };
    expect(payload).toMatchObject({ id: res.body.eventId, data: example });
    await deliveriesInD1(hook.id, { succeeded: 1 });
    const event = await callJson(`/v1/events/${res.body.eventId}`, { key: wallet.apiKey });
    expect(event.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await bystander.requests()).toHaveLength(0);
  });

  it("refuses an unknown type, another wallet's webhook and a disabled webhook", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    expect(
      (
        await call(`/v1/webhooks/${hook.id}/test`, {
          key: wallet.apiKey,
          body: { eventType: "no.such.type" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(`/v1/webhooks/${hook.id}/test`, {
          key: other.apiKey,
          body: { eventType: "ConnectionUpdated" },
        })
      ).status,
    ).toBe(404);
    await call(`/v1/webhooks/${hook.id}`, {
      key: wallet.apiKey,
      method: "PATCH",
      body: { enabled: false },
    });
    expect(
      (
        await call(`/v1/webhooks/${hook.id}/test`, {
          key: wallet.apiKey,
          body: { eventType: "ConnectionUpdated" },
        })
      ).status,
    ).toBe(409);
  });
});

describe("stats", () => {
  it("matches a scripted history: counts by status, success rate, latency percentiles, backlog", async () => {
    const wallet = await newWallet();
    // Five deliveries: 200, 500 (no retries), 200, 200 after 300 ms, 500; another webhook holds one for a retry.
    const receiver = await newReceiver([
      { status: 200 },
      { status: 500 },
      { status: 200 },
      { status: 200, delayMs: 300 },
      { status: 500 },
    ]);
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      ordering: "unordered",
      maxInFlight: 1,
      retry: { preset: "none" },
      eventTypes: ["t.stats.*"],
    });
    const held = await newWebhook(wallet.apiKey, {
      url: (await newReceiver([{ status: 503, headers: { "retry-after": "600" } }])).url,
      retry: { schedule: [600] },
      eventTypes: ["t.held.*"],
    });
    for (let i = 0; i < 5; i++)
      await call("/v1/events", {
        key: wallet.apiKey,
        body: { id: `s${i}`, type: "t.stats.x", data: {} },
      });
    await call("/v1/events", {
      key: wallet.apiKey,
      body: { id: "h1", type: "t.held.x", data: {} },
    });
    await deliveriesInD1(hook.id, { succeeded: 3, failed: 2 });
    await deliveriesInD1(held.id, { pending: 1 });
    const { status, body } = await callJson("/v1/stats", { key: wallet.apiKey });
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.data.map((s: { webhookId: string }) => [s.webhookId, s]));
    expect(byId[hook.id]).toMatchObject({
      deliveries: { succeeded: 3, failed: 2, pending: 0, sending: 0, expired: 0, total: 5 },
      successRate: 0.6,
      attempts: 5,
      backlog: 0,
      oldestPendingAgeSeconds: null,
    });
    // Nearest rank over 5 attempts: p50 is the 3rd fastest, p95 and p99 the slowest (the 300 ms one).
    expect(byId[hook.id].latencyMs.p99).toBeGreaterThanOrEqual(300);
    expect(byId[hook.id].latencyMs.p95).toBe(byId[hook.id].latencyMs.p99);
    expect(byId[hook.id].latencyMs.p50).toBeLessThan(300);
    expect(byId[held.id]).toMatchObject({
      deliveries: { pending: 1, total: 1 },
      successRate: null,
      backlog: 1,
    });
    expect(byId[held.id].oldestPendingAgeSeconds).toBeGreaterThanOrEqual(0);
  });

  it("counts only deliveries inside the window and shows a wallet only its own webhooks", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    const foreign = await newWebhook(other.apiKey, { url: receiver.url });
    await call("/v1/events", { key: wallet.apiKey, body: { type: "t.stats", data: {} } });
    await deliveriesInD1(hook.id, { succeeded: 1 });
    const future = new Date(Date.now() + 60_000).toISOString();
    const empty = await callJson(
      `/v1/stats?since=${future}&until=${new Date(Date.now() + 120_000).toISOString()}`,
      { key: wallet.apiKey },
    );
    expect(
      empty.body.data.find((s: { webhookId: string }) => s.webhookId === hook.id).deliveries.total,
    ).toBe(0);
    const mine = await callJson("/v1/stats", { key: wallet.apiKey });
    expect(mine.body.data.map((s: { webhookId: string }) => s.webhookId)).toEqual([hook.id]);
    expect(mine.body.data.map((s: { webhookId: string }) => s.webhookId)).not.toContain(foreign.id);
    expect(
      (
        await call("/v1/stats?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", {
          key: wallet.apiKey,
        })
      ).status,
    ).toBe(400);
  });
});
