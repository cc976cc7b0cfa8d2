import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { fnv1a } from "../../src/domain/fnv1a";
import { shardIndex } from "../../src/repositories/shards";
import { ADMIN_KEY, call, callJson, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";
import { dataDbs, walletDb, walletIdOnShard } from "../helpers/shards";
import { deliveriesInD1 } from "../helpers/wait";

// Run by both configurations: vitest.config.ts (one shard, DB) and vitest.shards.config.ts
// (D1_SHARDS=3: DB_0..2 beside the control database DB).
const shards = Number((env as { D1_SHARDS?: string }).D1_SHARDS ?? 1);

async function newWalletWithId(id: string) {
  const { status, body } = await callJson("/v1/wallets", { body: { name: "sharded", id } });
  expect(status).toBe(201);
  return { id: body.id as string, apiKey: body.apiKey as string };
}

const countIn = async (db: D1Database, table: string, walletId: string) =>
  (await db
    .prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE wallet_id = ?`)
    .bind(walletId)
    .first<{ n: number }>())!.n;

describe("D1 shards", () => {
  it("picks a wallet's shard by a stable hash of its id", () => {
    // FNV-1a of "a" is 0xe40c292c: the choice cannot drift between deploys or runtimes.
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(shardIndex("any wallet", 1)).toBe(0);
    const counts = [0, 0, 0];
    for (let i = 0; i < 300; i++) counts[shardIndex(`wallet-${i}`, 3)]!++;
    for (const n of counts) expect(n).toBeGreaterThan(60);
  });

  it("uses the control database as the only shard unless D1_SHARDS says more", () => {
    const db = database(env);
    expect(db.shards).toHaveLength(shards);
    if (shards === 1) expect(db.shards[0]!.$client).toBe(env.DB);
    else for (const shard of db.shards) expect(shard.$client).not.toBe(env.DB);
  });

  it.skipIf(shards < 2)(
    "stores two wallets' events and deliveries in their own shards, and the admin's cross-wallet reads see both",
    async () => {
      const alice = await newWalletWithId(walletIdOnShard(0));
      const bob = await newWalletWithId(walletIdOnShard(1));
      expect(walletDb(alice.id)).not.toBe(walletDb(bob.id));
      const receiver = await newReceiver();
      const global = await newWebhook(ADMIN_KEY, { url: receiver.url });
      for (const wallet of [alice, bob])
        expect(
          (
            await call("/v1/events", {
              key: wallet.apiKey,
              body: { id: `from-${wallet.id}`, type: "t.sharded", data: {} },
            })
          ).status,
        ).toBe(202);
      const rows = await deliveriesInD1(global.id, { succeeded: 2 });

      // Each wallet's rows are in its shard and nowhere else (not in the control database).
      for (const wallet of [alice, bob]) {
        for (const db of [env.DB, ...dataDbs()]) {
          const home = db === walletDb(wallet.id);
          expect(await countIn(db, "events", wallet.id)).toBe(home ? 1 : 0);
          expect(await countIn(db, "deliveries", wallet.id)).toBe(home ? 1 : 0);
        }
      }

      // The global webhook's delivery log merges the shards, newest first, with a cursor.
      const first = await callJson(`/v1/webhooks/${global.id}/deliveries?limit=1`);
      expect(first.status).toBe(200);
      const second = await callJson(
        `/v1/webhooks/${global.id}/deliveries?limit=1&cursor=${first.body.nextCursor}`,
      );
      const listed = [...first.body.data, ...second.body.data].map((d) => d.id);
      expect(listed).toEqual(
        rows
          .map((r) => r.id)
          .sort()
          .reverse(),
      );
      expect(second.body.nextCursor).toBeNull();

      // One delivery by id, with its attempt, from whichever shard holds it.
      for (const row of rows) {
        const one = await callJson(`/v1/deliveries/${row.id}`);
        expect(one.status).toBe(200);
        expect(one.body.attempts).toHaveLength(1);
      }

      // Stats add up both shards' deliveries and attempts.
      const stats = await callJson("/v1/stats");
      const mine = stats.body.data.find((s: { webhookId: string }) => s.webhookId === global.id);
      expect(mine).toMatchObject({ deliveries: { succeeded: 2, total: 2 }, attempts: 2 });

      // A wallet's own event log reads its shard only.
      const log = await callJson(`/v1/events?walletId=${bob.id}`);
      expect(log.body.data.map((e: { id: string }) => e.id)).toEqual([`from-${bob.id}`]);

      // Operator metrics merge every shard's open deliveries per wallet.
      const open = (walletId: string, n: number) =>
        walletDb(walletId)
          .prepare(
            `INSERT INTO deliveries (id, wallet_id, event_id, webhook_id, event_type, status, created_at, updated_at)
             VALUES (?, ?, ?, 'wh-open', 't', 'pending', ?, ?)`,
          )
          .bind(
            `open-${walletId}-${n}`,
            walletId,
            `e-${n}`,
            new Date().toISOString(),
            new Date().toISOString(),
          )
          .run();
      await open(alice.id, 1);
      await open(bob.id, 1);
      await open(bob.id, 2);
      const metrics = await callJson("/v1/admin/metrics");
      expect(metrics.status).toBe(200);
      expect(metrics.body.backlog.pending).toBeGreaterThanOrEqual(3);
      expect(metrics.body.walletBacklog).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ walletId: bob.id, open: 2 }),
          expect.objectContaining({ walletId: alice.id, open: 1 }),
        ]),
      );
    },
  );
});
