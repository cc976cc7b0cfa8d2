import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sweep } from "../../src/cron/sweep";
import { dataDbs, walletDb } from "../helpers/shards";

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

async function seedEvent(walletId: string, id: string, createdAt: string) {
  await walletDb(walletId)
    .prepare(
      "INSERT INTO events (wallet_id, id, type, data, channels, body_hash, seq, created_at) VALUES (?, ?, 't.old', '{}', '[]', 'h', 1, ?)",
    )
    .bind(walletId, id, createdAt)
    .run();
}

const count = async (db: D1Database, sql: string, ...binds: unknown[]) =>
  (await db
    .prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;

describe("retention", () => {
  it("purges events, ended deliveries and attempts older than EVENT_RETENTION_DAYS and keeps the rest", async () => {
    const wallet = crypto.randomUUID();
    await seedEvent(wallet, "old-1", daysAgo(40));
    await seedEvent(wallet, "old-2", daysAgo(31));
    await seedEvent(wallet, "recent", daysAgo(2));
    const db = walletDb(wallet);
    const insertDelivery = db.prepare(
      "INSERT INTO deliveries (id, wallet_id, event_id, webhook_id, event_type, status, created_at, updated_at) VALUES (?, ?, ?, 'wh-retention', 't.old', ?, ?, ?)",
    );
    await db.batch([
      insertDelivery.bind("d-old-ok", wallet, "old-1", "succeeded", daysAgo(40), daysAgo(40)),
      insertDelivery.bind("d-old-open", wallet, "old-2", "pending", daysAgo(31), daysAgo(31)),
      insertDelivery.bind("d-recent", wallet, "recent", "failed", daysAgo(2), daysAgo(2)),
      db
        .prepare(
          "INSERT INTO attempts (delivery_id, n, webhook_id, started_at, duration_ms) VALUES ('d-old-ok', 1, 'wh-retention', ?, 5)",
        )
        .bind(daysAgo(40)),
      db
        .prepare(
          "INSERT INTO attempts (delivery_id, n, webhook_id, started_at, duration_ms) VALUES ('d-recent', 1, 'wh-retention', ?, 5)",
        )
        .bind(daysAgo(2)),
    ]);
    await sweep(env);
    const events = await db
      .prepare("SELECT id FROM events WHERE wallet_id = ? ORDER BY id")
      .bind(wallet)
      .all<{ id: string }>();
    expect(events.results.map((e) => e.id)).toEqual(["recent"]);
    const deliveries = await db
      .prepare("SELECT id FROM deliveries WHERE webhook_id = 'wh-retention' ORDER BY id")
      .all<{ id: string }>();
    // An open delivery is never purged, however old: it still has work to do.
    expect(deliveries.results.map((d) => d.id)).toEqual(["d-old-open", "d-recent"]);
    expect(
      await count(db, "SELECT COUNT(*) AS n FROM attempts WHERE webhook_id = 'wh-retention'"),
    ).toBe(1);
  });

  it("never purges the newest event, whose position the next event would otherwise reuse", async () => {
    const wallet = crypto.randomUUID();
    await seedEvent(wallet, "ancient-newest", daysAgo(90));
    const db = walletDb(wallet);
    const newest = await db.prepare("SELECT MAX(rowid) AS n FROM events").first<{
      n: number;
    }>();
    await sweep(env);
    const row = await db
      .prepare("SELECT rowid AS n FROM events WHERE wallet_id = ? AND id = 'ancient-newest'")
      .bind(wallet)
      .first<{ n: number }>();
    expect(row?.n).toBe(newest!.n);
  });

  it("purges in bounded batches, finishing over several runs", async () => {
    const [db] = dataDbs();
    const statements = Array.from({ length: 1200 }, (_, i) =>
      db!
        .prepare(
          "INSERT INTO attempts (delivery_id, n, webhook_id, started_at, duration_ms) VALUES (?, 1, 'wh-bulk', ?, 1)",
        )
        .bind(`bulk-${i}`, daysAgo(60)),
    );
    for (let i = 0; i < statements.length; i += 200) await db!.batch(statements.slice(i, i + 200));
    await sweep(env);
    expect(
      await count(db!, "SELECT COUNT(*) AS n FROM attempts WHERE webhook_id = 'wh-bulk'"),
    ).toBe(200);
    await sweep(env);
    expect(
      await count(db!, "SELECT COUNT(*) AS n FROM attempts WHERE webhook_id = 'wh-bulk'"),
    ).toBe(0);
  });
});
