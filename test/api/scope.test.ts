import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { attemptsOf, findDelivery } from "../../src/repositories/deliveries";
import { findPositionedEvent } from "../../src/repositories/event-log";
import { adminScope, scopeOf, systemScope, walletScope } from "../../src/repositories/scope";
import { latencyPercentiles, statusCounts } from "../../src/repositories/stats";
import { findWallet } from "../../src/repositories/wallets";
import { findWebhook } from "../../src/repositories/webhooks";
import { call, newWallet, newWebhook } from "../helpers/api";
import { settledDelivery } from "../helpers/delivery-log";
import { newReceiver } from "../helpers/receiver";

/** A wallet whose webhook received one event, so it owns a wallet, webhook, event and delivery row. */
async function tenantWithDelivery() {
  const wallet = await newWallet("scope");
  const webhook = await newWebhook(wallet.apiKey, { url: (await newReceiver()).url });
  const eventId = crypto.randomUUID();
  const accepted = await call("/v1/events", {
    method: "POST",
    key: wallet.apiKey,
    body: { id: eventId, type: "ConnectionUpdated", data: {} },
  });
  expect(accepted.status).toBe(202);
  const { delivery } = await settledDelivery(webhook.id, (d) => d.status === "succeeded");
  return { walletId: wallet.id, webhookId: webhook.id as string, eventId, deliveryId: delivery.id };
}

describe("repository scopes", () => {
  it("let a wallet's scope reach its own rows and nothing of another wallet", async () => {
    const db = database(env);
    const mine = await tenantWithDelivery();
    const theirs = await tenantWithDelivery();
    const own = walletScope(mine.walletId);

    expect(await findWallet(db, own, mine.walletId)).not.toBeNull();
    expect(await findWebhook(db, own, mine.webhookId)).not.toBeNull();
    expect(await findDelivery(db, own, mine.deliveryId)).not.toBeNull();
    expect(await attemptsOf(db, own, mine.deliveryId)).toHaveLength(1);
    expect(await findPositionedEvent(db, own, mine.eventId)).not.toBeNull();

    expect(await findWallet(db, own, theirs.walletId)).toBeNull();
    expect(await findWebhook(db, own, theirs.webhookId)).toBeNull();
    expect(await findDelivery(db, own, theirs.deliveryId)).toBeNull();
    expect(await attemptsOf(db, own, theirs.deliveryId)).toEqual([]);
    expect(await findPositionedEvent(db, own, theirs.eventId)).toBeNull();
    // Even when asked about their webhook by id, the figures count only the scope's wallet.
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    expect(await statusCounts(db, own, [theirs.webhookId], since, until)).toEqual([]);
    expect(await latencyPercentiles(db, own, [theirs.webhookId], since, until)).toEqual([]);
    expect(
      await statusCounts(db, walletScope(theirs.walletId), [theirs.webhookId], since, until),
    ).toEqual([{ webhook_id: theirs.webhookId, status: "succeeded", n: 1 }]);

    // Compiled, not run: `npm run typecheck` fails if a scope-less query ever type-checks.
    const _unscoped = () => {
      // @ts-expect-error a delivery cannot be read without a scope
      void findDelivery(db, "some-delivery-id");
      // @ts-expect-error nor a wallet's event with a bare wallet id for a scope
      void findPositionedEvent(db, mine.walletId, mine.eventId);
      // @ts-expect-error nor a webhook
      void findWebhook(db, mine.walletId, mine.webhookId);
    };
  });

  it("let the admin and Herald's own work reach every wallet, and only the admin key is an admin", async () => {
    const db = database(env);
    const theirs = await tenantWithDelivery();
    for (const scope of [systemScope(), adminScope({ kind: "admin" }), scopeOf({ kind: "admin" })])
      expect(await findDelivery(db, scope, theirs.deliveryId)).not.toBeNull();
    expect(() => adminScope({ kind: "wallet", walletId: theirs.walletId })).toThrow(/admin key/);
  });
});
