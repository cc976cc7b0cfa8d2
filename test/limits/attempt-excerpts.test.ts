import { describe, expect, it } from "vitest";
import { callJson, newWallet, newWebhook } from "../helpers/api";
import { settledDelivery } from "../helpers/delivery-log";
import { newReceiver, type Step } from "../helpers/receiver";

// What an attempt keeps of the receiver's answer: 1 KiB when another attempt follows, 16 KiB
// (the wallet's attemptExcerptBytes) for the attempt that ends the delivery.

const TYPE = "openid.credential.offer_sent";

async function deliverThrough(script: Step[], limits?: Record<string, number>) {
  const wallet = await newWallet();
  if (limits)
    expect(
      (await callJson(`/v1/wallets/${wallet.id}`, { method: "PATCH", body: { limits } })).status,
    ).toBe(200);
  const receiver = await newReceiver(script, { status: 200 });
  const hook = await newWebhook(wallet.apiKey, {
    url: receiver.url,
    eventTypes: [TYPE],
    retry: { schedule: [1] },
  });
  const { status } = await callJson("/v1/events", {
    key: wallet.apiKey,
    body: { type: TYPE, data: { n: 1 } },
  });
  expect(status).toBe(202);
  return hook.id as string;
}

describe("stored response excerpts", () => {
  it("keep 1 KiB of an attempt that is retried and 16 KiB of the one that succeeds", async () => {
    const hookId = await deliverThrough([
      { status: 500, body: "a".repeat(20_000) },
      { status: 200, body: "b".repeat(20_000) },
    ]);
    const { attempts } = await settledDelivery(
      hookId,
      (d, a) => d.status === "succeeded" && a.length === 2,
    );
    expect(attempts[0]!.response_body).toBe("a".repeat(1024));
    expect(attempts[1]!.response_body).toBe("b".repeat(16_384));
  });

  it("keep 16 KiB of the last attempt when the schedule runs out", async () => {
    const hookId = await deliverThrough([
      { status: 500, body: "a".repeat(20_000) },
      { status: 500, body: "b".repeat(20_000) },
    ]);
    const { attempts } = await settledDelivery(
      hookId,
      (d, a) => d.status === "failed" && a.length === 2,
    );
    expect(attempts[0]!.response_body).toBe("a".repeat(1024));
    expect(attempts[1]!.response_body).toBe("b".repeat(16_384));
  });

  it("follow the wallet's attemptExcerptBytes for the last attempt, never over 1 KiB for earlier ones", async () => {
    const hookId = await deliverThrough(
      [
        { status: 503, body: "é".repeat(3_000) },
        { status: 200, body: "b".repeat(20_000) },
      ],
      { attemptExcerptBytes: 2048 },
    );
    const { attempts } = await settledDelivery(
      hookId,
      (d, a) => d.status === "succeeded" && a.length === 2,
    );
    // 2-byte characters: 512 of them fill 1 KiB exactly.
    expect(attempts[0]!.response_body).toBe("é".repeat(512));
    expect(attempts[1]!.response_body).toBe("b".repeat(2048));
  });
});
