import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { callJson, newWallet, newWebhook } from "../helpers/api";
import { settledDelivery } from "../helpers/delivery-log";
import { newReceiver } from "../helpers/receiver";

// Webhook objects run in this isolate, so their console output is this test's console output.
let out: MockInstance<typeof console.log>;
beforeEach(() => {
  out = vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const TYPE = "openid.credential.credential_issued";

/** The "delivery attempt" lines written for one event, parsed. */
function attemptLines(eventId: string): Record<string, unknown>[] {
  return out.mock.calls
    .map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
    .filter((l) => l.msg === "delivery attempt" && l.eventId === eventId);
}

async function postEvent(apiKey: string): Promise<string> {
  const { status, body } = await callJson("/v1/events", {
    key: apiKey,
    body: { type: TYPE, data: { n: 1 } },
  });
  expect(status).toBe(202);
  return body.id as string;
}

describe("delivery attempt log lines", () => {
  it("every attempt writes exactly one info line with webhook, event, attempt, status and duration", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 503 }], { status: 200 });
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      eventTypes: [TYPE],
      retry: { schedule: [1] },
    });
    const eventId = await postEvent(wallet.apiKey);
    const { delivery } = await settledDelivery(hook.id, (d) => d.status === "succeeded");

    const lines = attemptLines(eventId);
    expect(lines).toHaveLength(2);
    const shared = {
      level: "info",
      webhookId: hook.id,
      eventId,
      deliveryId: delivery.id,
      walletId: wallet.id,
      eventType: TYPE,
    };
    expect(lines[0]).toMatchObject({ ...shared, attempt: 1, statusCode: 503, outcome: "retry" });
    expect(lines[1]).toMatchObject({
      ...shared,
      attempt: 2,
      statusCode: 200,
      error: null,
      outcome: "succeeded",
    });
    for (const line of lines) expect(line.durationMs).toEqual(expect.any(Number));
  });

  it("an attempt that gets no answer logs its error, a null status and a failed outcome", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([], { action: "reset" });
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      eventTypes: [TYPE],
      retry: { preset: "none" },
    });
    const eventId = await postEvent(wallet.apiKey);
    await settledDelivery(hook.id, (d) => d.status === "failed");

    const lines = attemptLines(eventId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      webhookId: hook.id,
      attempt: 1,
      statusCode: null,
      outcome: "failed",
    });
    expect(lines[0]!.error).toEqual(expect.any(String));
  });
});
