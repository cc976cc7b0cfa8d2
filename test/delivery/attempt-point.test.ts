import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { deliverOne } from "../../src/delivery/deliver-one";
import { OrderStore } from "../../src/delivery/order-store";
import { PendingStore } from "../../src/delivery/pending-store";
import { WalletSigners } from "../../src/delivery/wallet-signers";
import { notifySettings } from "../../src/delivery/webhook-settings";
import { objectOf } from "../helpers/objects";
import { newReceiver } from "../helpers/receiver";

const TYPE = "openid.credential.credential_issued";

/** Runs one attempt in a fresh object against a receiver answering `status`, with a fake dataset. */
async function attemptWithDataset(name: string, status: number) {
  const receiver = await newReceiver([], { status });
  const points: AnalyticsEngineDataPoint[] = [];
  const analytics = { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p!) };
  await runInDurableObject(objectOf(name), async (_instance, state) => {
    const store = new PendingStore(state.storage.sql);
    const now = Date.now();
    store.add({
      key: `wallet-p:${name}`,
      seq: 1,
      delivery_id: `delivery-${name}`,
      wallet_id: "wallet-p",
      event_id: `event-${name}`,
      event_type: TYPE,
      format: "standard",
      url: receiver.url,
      body: JSON.stringify({ type: TYPE, data: {} }),
      headers: "{}",
      next_attempt_at: now,
      expires_at: null,
      subject: null,
      created_at: now,
      updated_at: now,
    });
    const settings = await notifySettings(env, { keys: [env.ENCRYPTION_KEY] }, name, "wallet-p", {
      url: receiver.url,
      bearerTokenEnc: null,
      format: "standard",
    });
    const row = store.due(now, 1)[0]!;
    await deliverOne(
      {
        settings: { ...settings, schedule: [] },
        store,
        order: new OrderStore(state.storage.sql),
        queue: env.EVENTS_QUEUE_0,
        autoDisableAfterMs: 86_400_000,
        disable: async () => false,
        operationalWallet: "wallet-p",
        urlPolicy: { allowPrivate: true, allowInsecure: true },
        analytics,
        signers: new WalletSigners(database(env), { keys: [env.ENCRYPTION_KEY] }),
        encryptionKey: env.ENCRYPTION_KEY,
      },
      row,
    );
  });
  return points;
}

describe("an attempt's Analytics Engine point", () => {
  it("a success writes one point: webhook index, its blobs, status, duration and attempt n", async () => {
    const points = await attemptWithDataset("point-success", 204);
    expect(points).toHaveLength(1);
    expect(points[0]).toEqual({
      indexes: ["point-success"],
      blobs: ["attempt", "wallet-p", "point-success", TYPE, "succeeded"],
      doubles: [204, expect.any(Number), 1],
    });
  });

  it("a final failure is written as failed with the receiver's status", async () => {
    const points = await attemptWithDataset("point-failure", 500);
    expect(points).toHaveLength(1);
    expect(points[0]!.blobs![4]).toBe("failed");
    expect(points[0]!.doubles![0]).toBe(500);
  });
});
