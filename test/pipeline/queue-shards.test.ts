import { describe, expect, it } from "vitest";
import type { HeraldMessage } from "../../src/domain/event-contract/messages";
import { shardedQueue, shardOf } from "../../src/domain/queue-shard";
import { call, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { batchOf, type CraftedMessage, consume } from "../helpers/queue";
import { eventIdOf, newReceiver } from "../helpers/receiver";

/** A queue that keeps what it is sent (the messages wait there until the test consumes them). */
function holdingQueue() {
  const held: CraftedMessage[] = [];
  const keep = (body: HeraldMessage) => held.push({ id: crypto.randomUUID(), body });
  const queue: Queue<HeraldMessage> = {
    send: async (body) => {
      keep(body);
      return { metadata: { metrics: { backlogCount: held.length, backlogBytes: 0 } } };
    },
    sendBatch: async (messages) => {
      for (const m of messages) keep(m.body);
      return { metadata: { metrics: { backlogCount: held.length, backlogBytes: 0 } } };
    },
    metrics: async () => ({ backlogCount: held.length, backlogBytes: 0 }),
  };
  return { held, queue };
}

/** Three holding shards as env overrides, with the shard count producers are told to use. */
function heldShards(count: number, shards: ReturnType<typeof holdingQueue>[]) {
  return {
    QUEUE_SHARDS: String(count),
    ...Object.fromEntries(shards.map((s, i) => [`EVENTS_QUEUE_${i}`, s.queue])),
  } as Partial<Env>;
}

/** A wallet whose shard among 3 is not shard 0, so a change from 1 to 3 shards moves it. */
async function movingWallet() {
  for (;;) {
    const wallet = await newWallet();
    if (shardOf(wallet.id, 3) !== 0) return wallet;
  }
}

const ids = (prefix: string) => Array.from({ length: 5 }, (_, i) => `${prefix}-${i}`);

async function post(apiKey: string, eventIds: string[], overrides: Partial<Env>) {
  for (const id of eventIds) {
    const res = await call("/v1/events", {
      key: apiKey,
      body: { id, type: "t.shard", data: { id } },
      env: overrides,
    });
    expect(res.status).toBe(202);
  }
}

describe("queue shards", () => {
  it("keeps each wallet on one shard, spreads wallets evenly, and moves a wallet only onto a new shard when the count grows", () => {
    const wallets = Array.from({ length: 3000 }, (_, i) => `wallet-${i}`);
    const counts = [0, 0, 0];
    for (const w of wallets) {
      const shard = shardOf(w, 3);
      expect(shard).toBe(shardOf(w, 3));
      counts[shard]!++;
      for (const [from, to] of [
        [1, 3],
        [3, 4],
        [4, 16],
      ] as const) {
        const before = shardOf(w, from);
        const after = shardOf(w, to);
        if (after !== before) expect(after).toBeGreaterThanOrEqual(from);
      }
    }
    for (const c of counts) {
      expect(c).toBeGreaterThan(800);
      expect(c).toBeLessThan(1200);
    }
    expect(shardOf("any", 1)).toBe(0);
  });

  it("sends a batch spanning wallets as one send per shard, and a message of no wallet to shard 0", async () => {
    const shards = [holdingQueue(), holdingQueue(), holdingQueue()];
    const router = shardedQueue(shards.map((s) => s.queue));
    const walletIds = Array.from({ length: 30 }, (_, i) => `w-${i}`);
    await router.sendBatch(
      walletIds.map((walletId) => ({
        body: { kind: "handoff", walletId, eventIds: ["e"] } satisfies HeraldMessage,
      })),
    );
    await router.send({ kind: "unknown" } as unknown as HeraldMessage);
    for (const [i, s] of shards.entries()) {
      const walletsHere = s.held
        .map((m) => (m.body as { walletId?: string }).walletId)
        .filter((w) => w !== undefined);
      expect(walletsHere).toEqual(walletIds.filter((w) => shardOf(w, 3) === i));
    }
    expect(shards[0]!.held.at(-1)!.body).toEqual({ kind: "unknown" });
  });

  it("delivers events queued under 1 shard and consumed after a change to 3, all in acceptance order", async () => {
    const wallet = await movingWallet();
    const receiver = await newReceiver([]);
    await newWebhook(wallet.apiKey, { url: receiver.url, ordering: "fifo" });
    const shards = [holdingQueue(), holdingQueue(), holdingQueue()];
    const before = ids("before");
    const after = ids("after");
    await post(wallet.apiKey, before, heldShards(1, shards.slice(0, 1)));
    await post(wallet.apiKey, after, heldShards(3, shards));
    const moved = shardOf(wallet.id, 3);
    expect(shards[0]!.held).toHaveLength(5);
    expect(shards[moved]!.held).toHaveLength(5);

    // The old shard's consumer (still running after the change) drains it; the new shard follows.
    await consume(batchOf("herald-events", shards[0]!.held));
    await consume(batchOf(`herald-events-${moved}`, shards[moved]!.held));
    const requests = await receiver.waitFor(10);
    expect(requests.map(eventIdOf)).toEqual([...before, ...after]);
    expect(requests.map((r) => r.headers["webhook-sequence"])).toEqual(
      Array.from({ length: 10 }, (_, i) => String(i + 1)),
    );
  });

  it("delivers every event once when the new shard is consumed before the old one's backlog", async () => {
    const wallet = await movingWallet();
    const receiver = await newReceiver([]);
    await newWebhook(wallet.apiKey, { url: receiver.url, ordering: "fifo" });
    const shards = [holdingQueue(), holdingQueue(), holdingQueue()];
    const before = ids("old");
    const after = ids("new");
    await post(wallet.apiKey, before, heldShards(1, shards.slice(0, 1)));
    await post(wallet.apiKey, after, heldShards(3, shards));
    const moved = shardOf(wallet.id, 3);
    await consume(batchOf(`herald-events-${moved}`, shards[moved]!.held));
    await receiver.waitFor(5);
    await consume(batchOf("herald-events", shards[0]!.held));
    const requests = await receiver.waitFor(10);
    // The object sorts what it holds: the late backlog goes out after, in its own order.
    expect(requests.map(eventIdOf)).toEqual([...after, ...before]);
  });

  it("answers 503 naming the binding when QUEUE_SHARDS counts a queue that is not bound", async () => {
    const wallet = await newWallet();
    const res = await call("/v1/events", {
      key: wallet.apiKey,
      body: { type: "t.shard", data: {} },
      env: { QUEUE_SHARDS: "7" } as Partial<Env>,
    });
    const problem = await expectProblem(res, 503);
    expect(problem.detail).toContain("EVENTS_QUEUE_");
  });

  it("refuses a QUEUE_SHARDS that is not a whole number from 1 to 100", async () => {
    for (const QUEUE_SHARDS of ["0", "1.5", "101", "many"]) {
      const res = await call("/v1/events", {
        body: { walletId: (await newWallet()).id, type: "t.shard", data: {} },
        env: { QUEUE_SHARDS } as Partial<Env>,
      });
      expect((await expectProblem(res, 503)).detail).toContain("QUEUE_SHARDS");
    }
  });
});
