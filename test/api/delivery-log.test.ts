import { describe, expect, it } from "vitest";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";
import { heldDeliveries } from "../helpers/objects";
import { eventIdOf, newReceiver } from "../helpers/receiver";
import { deliveriesInD1, eventually } from "../helpers/wait";

const post = (key: string, id: string) =>
  call("/v1/events", { key, body: { id, type: "t.log", data: { id } } });

describe("delivery log", () => {
  it("lists a webhook's deliveries newest first, filtered by status, with a cursor", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 200 }, { status: 500 }, { status: 200 }]);
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, retry: { preset: "none" } });
    for (const id of ["a", "b", "c"]) expect((await post(wallet.apiKey, id)).status).toBe(202);
    await deliveriesInD1(hook.id, { succeeded: 2, failed: 1 });
    const all = await callJson(`/v1/webhooks/${hook.id}/deliveries`, { key: wallet.apiKey });
    expect(all.status).toBe(200);
    expect(all.body.data.map((d: { eventId: string }) => d.eventId)).toEqual(["c", "b", "a"]);
    const failed = await callJson(`/v1/webhooks/${hook.id}/deliveries?status=failed`, {
      key: wallet.apiKey,
    });
    expect(failed.body.data).toEqual([
      expect.objectContaining({
        eventId: "b",
        status: "failed",
        attemptCount: 1,
        lastStatusCode: 500,
      }),
    ]);
    const first = await callJson(`/v1/webhooks/${hook.id}/deliveries?limit=2`, {
      key: wallet.apiKey,
    });
    const second = await callJson(
      `/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`,
      { key: wallet.apiKey },
    );
    expect(
      [...first.body.data, ...second.body.data].map((d: { eventId: string }) => d.eventId),
    ).toEqual(["c", "b", "a"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("shows one delivery with each attempt's status, error, duration and response excerpt", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([
      { status: 503, body: "busy" },
      { status: 201, body: "created" },
    ]);
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, retry: { schedule: [1] } });
    await post(wallet.apiKey, "one");
    const [row] = await deliveriesInD1(hook.id, { succeeded: 1 });
    const { status, body } = await callJson(`/v1/deliveries/${row!.id}`, { key: wallet.apiKey });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: row!.id,
      eventId: "one",
      webhookId: hook.id,
      status: "succeeded",
      attemptCount: 2,
    });
    expect(body.attempts).toEqual([
      expect.objectContaining({ n: 1, statusCode: 503, responseBody: "busy", error: null }),
      expect.objectContaining({ n: 2, statusCode: 201, responseBody: "created" }),
    ]);
    expect(body.attempts[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it("answers 404 for another wallet's delivery and delivery log", async () => {
    const owner = await newWallet();
    const stranger = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(owner.apiKey, { url: receiver.url });
    await post(owner.apiKey, "x");
    const [row] = await deliveriesInD1(hook.id, { succeeded: 1 });
    expect((await call(`/v1/deliveries/${row!.id}`, { key: stranger.apiKey })).status).toBe(404);
    expect(
      (await call(`/v1/deliveries/${row!.id}/retry`, { key: stranger.apiKey, method: "POST" }))
        .status,
    ).toBe(404);
    expect(
      (await call(`/v1/webhooks/${hook.id}/deliveries`, { key: stranger.apiKey })).status,
    ).toBe(404);
    expect(
      (
        await call(`/v1/webhooks/${hook.id}/recover`, {
          key: stranger.apiKey,
          body: { since: new Date().toISOString() },
        })
      ).status,
    ).toBe(404);
  });

  it("refuses an invalid status filter and a bad cursor", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    expect(
      (await call(`/v1/webhooks/${hook.id}/deliveries?status=lost`, { key: wallet.apiKey })).status,
    ).toBe(400);
    expect(
      (await call(`/v1/webhooks/${hook.id}/deliveries?cursor=%%%`, { key: wallet.apiKey })).status,
    ).toBe(400);
  });
});

describe("retry and recover", () => {
  it("re-sends a failed delivery with one more attempt and the same webhook-id", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 500 }]);
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, retry: { preset: "none" } });
    await post(wallet.apiKey, "r1");
    const [row] = await deliveriesInD1(hook.id, { failed: 1 });
    const retried = await callJson(`/v1/deliveries/${row!.id}/retry`, {
      key: wallet.apiKey,
      method: "POST",
    });
    expect(retried).toMatchObject({ status: 202, body: { id: row!.id, status: "pending" } });
    await deliveriesInD1(hook.id, { succeeded: 1 });
    const requests = await receiver.waitFor(2);
    expect(requests.map(eventIdOf)).toEqual(["r1", "r1"]);
    expect(requests[1]!.body).toBe(requests[0]!.body);
    const { body } = await callJson(`/v1/deliveries/${row!.id}`, { key: wallet.apiKey });
    expect(body.attempts).toHaveLength(2);
  });

  it("recovers exactly the failed deliveries created since the given time", async () => {
    const wallet = await newWallet();
    // old fails; then new1 fails, ok succeeds, new2 fails; everything after succeeds.
    const receiver = await newReceiver([
      { status: 500 },
      { status: 500 },
      { status: 200 },
      { status: 500 },
    ]);
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, retry: { preset: "none" } });
    await post(wallet.apiKey, "old");
    await deliveriesInD1(hook.id, { failed: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    const since = new Date().toISOString();
    for (const id of ["new1", "ok", "new2"]) await post(wallet.apiKey, id);
    await deliveriesInD1(hook.id, { failed: 3, succeeded: 1 });
    const { status, body } = await callJson(`/v1/webhooks/${hook.id}/recover`, {
      key: wallet.apiKey,
      body: { since },
    });
    expect(status).toBe(202);
    expect(body).toEqual({ recovered: 2 });
    await deliveriesInD1(hook.id, { failed: 1, succeeded: 3 });
    const requests = await receiver.waitFor(6);
    expect(requests.slice(4).map(eventIdOf)).toEqual(["new1", "new2"]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await receiver.requests()).toHaveLength(6);
  });

  it("counts a failure the D1 mirror does not show yet: recover reads the webhook's object", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([], { status: 500 });
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, retry: { preset: "none" } });
    const since = new Date(Date.now() - 1000).toISOString();
    // The first failure is mirrored at once; the second within the mirror's 2 s interval is not.
    await post(wallet.apiKey, "lag1");
    await deliveriesInD1(hook.id, { failed: 1 });
    await post(wallet.apiKey, "lag2");
    await eventually(async () => {
      const held = await heldDeliveries(hook.id);
      return held.length === 2 && held.every((d) => d.status === "failed");
    }, "both failures in the webhook's object");
    const { status, body } = await callJson(`/v1/webhooks/${hook.id}/recover`, {
      key: wallet.apiKey,
      body: { since },
    });
    expect(status).toBe(202);
    expect(body).toEqual({ recovered: 2 });
    const requests = await receiver.waitFor(4);
    expect(requests.slice(2).map(eventIdOf).sort()).toEqual(["lag1", "lag2"]);
  });

  it("retries a failure the D1 mirror does not show yet: retry asks the webhook's object", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 500 }, { status: 500 }, { status: 200 }]);
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, retry: { preset: "none" } });
    // The first failure is mirrored at once; the second within the mirror's 2 s interval is not.
    await post(wallet.apiKey, "r1");
    await deliveriesInD1(hook.id, { failed: 1 });
    await post(wallet.apiKey, "r2");
    let held: Awaited<ReturnType<typeof heldDeliveries>> = [];
    await eventually(async () => {
      held = await heldDeliveries(hook.id);
      return held.length === 2 && held.every((d) => d.status === "failed");
    }, "both failures in the webhook's object");
    const lagging = held.find((d) => d.event_id === "r2")!;
    const other = await newWallet();
    const foreign = await call(`/v1/deliveries/${lagging.delivery_id}/retry`, {
      key: other.apiKey,
      method: "POST",
    });
    expect(foreign.status).toBe(404);
    const { status, body } = await callJson(`/v1/deliveries/${lagging.delivery_id}/retry`, {
      key: wallet.apiKey,
      method: "POST",
    });
    expect({ status, body }).toEqual({
      status: 202,
      body: { id: lagging.delivery_id, status: "pending" },
    });
    const requests = await receiver.waitFor(3);
    expect(requests.map(eventIdOf)).toEqual(["r1", "r2", "r2"]);
    await deliveriesInD1(hook.id, { failed: 1, succeeded: 1 });
  });

  it("refuses to recover further back than 14 days", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    const since = new Date(Date.now() - 15 * 86_400_000).toISOString();
    const res = await callJson(`/v1/webhooks/${hook.id}/recover`, {
      key: wallet.apiKey,
      body: { since },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("since");
  });

  it("resumes the deliveries it held when a disabled webhook is enabled again", async () => {
    const wallet = await newWallet();
    // The first delivery is answered 410 Gone: the webhook is disabled with two events behind it.
    const receiver = await newReceiver([{ status: 410 }]);
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, retry: { schedule: [1] } });
    const batch = { events: ["g1", "g2", "g3"].map((id) => ({ id, type: "t.log", data: {} })) };
    expect((await call("/v1/events/batch", { key: wallet.apiKey, body: batch })).status).toBe(202);
    await eventually(
      async () =>
        (await callJson(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey })).body.enabled === false,
      "auto-disable",
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect((await receiver.requests()).map(eventIdOf)).toEqual(["g1"]);
    const enabled = await callJson(`/v1/webhooks/${hook.id}`, {
      key: wallet.apiKey,
      method: "PATCH",
      body: { enabled: true },
    });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    const requests = await receiver.waitFor(3);
    expect(requests.map(eventIdOf)).toEqual(["g1", "g2", "g3"]);
  });
});
