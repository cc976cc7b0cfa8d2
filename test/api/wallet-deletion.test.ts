import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PURGE_SETTLE_MS, purgeDeletedWallets } from "../../src/cron/wallet-purge";
import { database } from "../../src/db/client";
import { call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { settledDelivery, storedEvent } from "../helpers/delivery-log";
import { heldDeliveries, objectOf } from "../helpers/objects";
import { newReceiver } from "../helpers/receiver";
import { newWalletBeside, walletDb } from "../helpers/shards";

/** Rows of a wallet left in each table (attempts through their deliveries). */
async function rowsOf(walletId: string): Promise<Record<string, number>> {
  // Keys, webhooks and event types live in the control database; the rest in the wallet's shard.
  const count = async (sql: string, db = env.DB) =>
    (await db.prepare(sql).bind(walletId).first<{ n: number }>())!.n;
  const data = walletDb(walletId);
  return {
    wallets: await count("SELECT count(*) AS n FROM wallets WHERE id = ?"),
    api_keys: await count("SELECT count(*) AS n FROM api_keys WHERE wallet_id = ?"),
    webhooks: await count("SELECT count(*) AS n FROM webhooks WHERE wallet_id = ?"),
    event_types: await count("SELECT count(*) AS n FROM event_types WHERE wallet_id = ?"),
    events: await count("SELECT count(*) AS n FROM events WHERE wallet_id = ?", data),
    deliveries: await count("SELECT count(*) AS n FROM deliveries WHERE wallet_id = ?", data),
    attempts: await count(
      "SELECT count(*) AS n FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE wallet_id = ?)",
      data,
    ),
  };
}

const erase = async (webhookId: string, walletId: string) => {
  await objectOf(webhookId).eraseWallet(walletId);
};

/** A wallet with a delivered event, a registered event type and a webhook. */
async function busyWallet() {
  const wallet = await newWallet("to delete");
  const webhook = await newWebhook(wallet.apiKey, { url: (await newReceiver()).url });
  const type = await call("/v1/event-types", {
    key: wallet.apiKey,
    body: { name: "doomed.type", description: "goes with the wallet" },
  });
  expect(type.status).toBe(201);
  const eventId = crypto.randomUUID();
  const accepted = await call("/v1/events", {
    key: wallet.apiKey,
    body: { id: eventId, type: "ConnectionUpdated", data: {} },
  });
  expect(accepted.status).toBe(202);
  const { delivery, attempts } = await settledDelivery(webhook.id, (d) => d.status === "succeeded");
  expect(attempts.length).toBe(1);
  await storedEvent(wallet.id, eventId);
  return { wallet, webhook, deliveryId: delivery.id };
}

describe("deleting a wallet", () => {
  it("refuses its key at once and its id for good", async () => {
    const wallet = await newWallet("gone for good");
    expect((await call(`/v1/wallets/${wallet.id}`, { method: "DELETE" })).status).toBe(204);
    await expectProblem(await call("/v1/webhooks", { key: wallet.apiKey }), 401);
    const again = await callJson("/v1/wallets", { body: { name: "reuse", id: wallet.id } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/deleted wallet/);
    expect((await call(`/v1/wallets/${wallet.id}`)).status).toBe(404);
  });

  it("leaves no row of the wallet and nothing in its webhook's object after the purge", async () => {
    const { wallet, webhook, deliveryId } = await busyWallet();
    expect(await heldDeliveries(webhook.id)).toHaveLength(1);
    expect((await call(`/v1/wallets/${wallet.id}`, { method: "DELETE" })).status).toBe(204);
    // Keys, webhooks and event types go with the deletion itself.
    expect(await rowsOf(wallet.id)).toMatchObject({
      wallets: 0,
      api_keys: 0,
      webhooks: 0,
      event_types: 0,
    });
    // The newest event of the shard is kept until another follows (its rowid is a log position).
    const other = await newWalletBeside(wallet.id, "after the deletion");
    expect(
      (
        await call("/v1/events", {
          key: other.apiKey,
          body: { type: "ConnectionUpdated", data: {} },
        })
      ).status,
    ).toBe(202);
    await eventuallyNewerEventThan(wallet.id);

    const now = Date.now();
    const pass = await purgeDeletedWallets(database(env), erase, now);
    expect(pass.rows).toBeGreaterThanOrEqual(3);
    expect(await rowsOf(wallet.id)).toEqual({
      wallets: 0,
      api_keys: 0,
      webhooks: 0,
      event_types: 0,
      events: 0,
      deliveries: 0,
      attempts: 0,
    });
    const orphans = await walletDb(wallet.id)
      .prepare("SELECT count(*) AS n FROM attempts WHERE delivery_id = ?")
      .bind(deliveryId)
      .first<{ n: number }>();
    expect(orphans!.n).toBe(0);
    expect(await heldDeliveries(webhook.id)).toEqual([]);

    // Marked purged only once nothing is left and the deletion has settled.
    const tombstone = () =>
      env.DB.prepare("SELECT purged_at FROM deleted_wallets WHERE id = ?")
        .bind(wallet.id)
        .first<{ purged_at: string | null }>();
    expect((await tombstone())!.purged_at).toBeNull();
    await purgeDeletedWallets(database(env), erase, now + PURGE_SETTLE_MS);
    expect((await tombstone())!.purged_at).not.toBeNull();
    // The tombstone stays: the id is still refused.
    expect((await callJson("/v1/wallets", { body: { name: "x", id: wallet.id } })).status).toBe(
      409,
    );
  });

  it("refuses a second delete with 404 and records the deletion in the audit log", async () => {
    const wallet = await newWallet("audited deletion");
    expect((await call(`/v1/wallets/${wallet.id}`, { method: "DELETE" })).status).toBe(204);
    await expectProblem(await call(`/v1/wallets/${wallet.id}`, { method: "DELETE" }), 404);
    const log = await callJson(`/v1/audit-log?walletId=${wallet.id}`);
    // The wallet is gone, so naming it is a bad input now; the admin's full log still has it.
    expect(log.status).toBe(400);
    const all = (await callJson("/v1/audit-log?limit=100")).body.data;
    expect(all.find((e: any) => e.target === wallet.id)).toMatchObject({
      action: "wallet.deleted",
      actor: "admin",
    });
  });
});

/** Waits until some other wallet's event is stored after the deleted wallet's last one. */
async function eventuallyNewerEventThan(walletId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await walletDb(walletId)
      .prepare(
        "SELECT (SELECT MAX(rowid) FROM events) > (SELECT MAX(rowid) FROM events WHERE wallet_id = ?) AS newer",
      )
      .bind(walletId)
      .first<{ newer: number }>();
    if (row?.newer) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("no newer event was stored");
}
