import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PendingStore } from "../../src/delivery/pending-store";
import type { WebhookObject } from "../../src/delivery/webhook-object";
import { objectOf } from "../helpers/objects";

// A webhook's object asks when its next event expires after every batch it sends; with a
// backlog (a flooding wallet's webhook) that question must not read the backlog.

describe("the webhook object's store", () => {
  it("finds the next expiry without reading every pending delivery", async () => {
    await runInDurableObject(objectOf("pending-store-reads"), (_o: WebhookObject, state) => {
      const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
      const sql = state.storage.sql;
      const counting = {
        exec: (query: string, ...bindings: unknown[]) => {
          const cursor = sql.exec(query, ...bindings);
          cursors.push(cursor);
          return cursor;
        },
      } as unknown as SqlStorage;
      const store = new PendingStore(counting);
      const now = Date.now();
      for (let n = 0; n < 300; n++)
        store.add({
          key: `w:e${n}`,
          seq: n,
          delivery_id: `d${n}`,
          wallet_id: "w",
          event_id: `e${n}`,
          event_type: "t",
          format: "standard",
          url: "https://receiver.example.com/",
          body: "x".repeat(1000),
          headers: "{}",
          next_attempt_at: now,
          // One event in a hundred carries an expiry, the latest one the earliest.
          expires_at: n % 100 === 99 ? now + 60_000 - n : null,
          created_at: now,
          updated_at: now,
          subject: null,
        });
      expect(store.nextExpiryAt()).toBe(now + 60_000 - 299);
      expect(cursors.at(-1)!.rowsRead).toBeLessThan(10);
    });
  });
});
