import { env } from "cloudflare:workers";
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

/** The env of a deployment changed from 1 shard to 3: the three shards, and the count before. */
const changing = (shards: ReturnType<typeof holdingQueue>[]) =>
  ({ ...heldShards(3, shards), QUEUE_SHARDS_PREVIOUS: "1" }) as Partial<Env>;

/** Consumes what shard `i` holds now, as its consumer would, under the change from 1 to 3. */
async function consumeAll(shards: ReturnType<typeof holdingQueue>[], i: number) {
  const messages = shards[i]!.held.splice(0);
  const result = await consume(
    batchOf(i === 0 ? "herald-events" : `herald-events-${i}`, messages),
    changing(shards),
  );
  expect(result.retryMessages).toEqual([]);
}

/** The barriers waiting in a shard. */
const barriersIn = (shard: ReturnType<typeof holdingQueue>) =>
  shard.held.map((m) => m.body as HeraldMessage).filter((b) => b.kind === "barrier");

/** What the wallet's move object holds. */
const moveState = (walletId: string) =>
  env.SHARD_MOVE.get(env.SHARD_MOVE.idFromName(walletId)).state();

/** A moving wallet with one fifo webhook at a fresh receiver, and three holding shards. */
async function movingFifoSetup() {
  const wallet = await movingWallet();
  const receiver = await newReceiver([]);
  await newWebhook(wallet.apiKey, { url: receiver.url, ordering: "fifo" });
  return { wallet, receiver, shards: [holdingQueue(), holdingQueue(), holdingQueue()] };
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

  it("holds a moved wallet's events until its barrier passes the old shard's backlog, then delivers all in acceptance order", async () => {
    const { wallet, receiver, shards } = await movingFifoSetup();
    const before = ids("before");
    const after = ids("after");
    await post(wallet.apiKey, before, heldShards(1, shards.slice(0, 1)));
    await post(wallet.apiKey, after, changing(shards));
    const moved = shardOf(wallet.id, 3);
    expect(shards[0]!.held).toHaveLength(5);
    expect(shards[moved]!.held).toHaveLength(5);

    // The old shard's consumer (still running after the change) drains it; the new shard follows.
    await consumeAll(shards, 0);
    await consumeAll(shards, moved);
    expect(await moveState(wallet.id)).toEqual({ change: "1>3", moved: false, held: 10 });
    // The first hold sent one barrier, to the old shard, behind the backlog consumed above.
    expect(barriersIn(shards[0]!)).toEqual([
      { kind: "barrier", walletId: wallet.id, previous: 1, current: 3 },
    ]);
    expect(barriersIn(shards[moved]!)).toEqual([]);
    await consumeAll(shards, 0);
    const requests = await receiver.waitFor(10);
    expect(requests.map(eventIdOf)).toEqual([...before, ...after]);
    expect(requests.map((r) => r.headers["webhook-sequence"])).toEqual(
      Array.from({ length: 10 }, (_, i) => String(i + 1)),
    );
    expect(await moveState(wallet.id)).toEqual({ change: "1>3", moved: true, held: 0 });
  });

  it("keeps acceptance order when the new shard is consumed before the old one's backlog", async () => {
    const { wallet, receiver, shards } = await movingFifoSetup();
    const before = ids("old");
    const after = ids("new");
    await post(wallet.apiKey, before, heldShards(1, shards.slice(0, 1)));
    await post(wallet.apiKey, after, changing(shards));
    const moved = shardOf(wallet.id, 3);
    await consumeAll(shards, moved);
    expect(await moveState(wallet.id)).toEqual({ change: "1>3", moved: false, held: 5 });
    // The old shard now holds the backlog, then the barrier: one batch takes both.
    expect(shards[0]!.held.map((m) => (m.body as HeraldMessage).kind)).toEqual([
      ...Array(5).fill("event"),
      "barrier",
    ]);
    await consumeAll(shards, 0);
    const requests = await receiver.waitFor(10);
    expect(requests.map(eventIdOf)).toEqual([...before, ...after]);
    expect(requests.map((r) => r.headers["webhook-sequence"])).toEqual(
      Array.from({ length: 10 }, (_, i) => String(i + 1)),
    );

    // Moved: later events go straight through, with no hold and no new barrier.
    const later = ids("later");
    await post(wallet.apiKey, later, changing(shards));
    await consumeAll(shards, moved);
    expect((await receiver.waitFor(15)).slice(10).map(eventIdOf)).toEqual(later);
    expect(barriersIn(shards[0]!)).toEqual([]);
    expect(await moveState(wallet.id)).toEqual({ change: "1>3", moved: true, held: 0 });
  });

  it("does not hold a wallet the change leaves on its shard", async () => {
    let wallet = await newWallet();
    while (shardOf(wallet.id, 3) !== 0) wallet = await newWallet();
    const receiver = await newReceiver([]);
    await newWebhook(wallet.apiKey, { url: receiver.url });
    const shards = [holdingQueue(), holdingQueue(), holdingQueue()];
    await post(wallet.apiKey, ids("stay"), changing(shards));
    await consumeAll(shards, 0);
    expect((await receiver.waitFor(5)).map(eventIdOf).sort()).toEqual(ids("stay"));
    expect(barriersIn(shards[0]!)).toEqual([]);
    expect(await moveState(wallet.id)).toEqual({ change: null, moved: false, held: 0 });
  });

  it("retries a moved wallet's messages when its barrier cannot be queued, and holds them once", async () => {
    const { wallet, receiver, shards } = await movingFifoSetup();
    await post(wallet.apiKey, ids("e"), changing(shards));
    const moved = shardOf(wallet.id, 3);
    const messages = shards[moved]!.held.splice(0);
    const refusing: Queue<HeraldMessage> = {
      ...shards[0]!.queue,
      send: async () => {
        throw new Error("queue unavailable");
      },
    };
    const failed = await consume(batchOf("herald-events-1", messages), {
      ...changing(shards),
      EVENTS_QUEUE_0: refusing,
    });
    expect(failed.retryMessages).toHaveLength(5);
    expect(failed.explicitAcks).toEqual([]);
    // The redelivery holds the same five again (no duplicates) and queues the barrier.
    const again = await consume(batchOf("herald-events-1", messages), changing(shards));
    expect(again.explicitAcks).toHaveLength(5);
    expect(await moveState(wallet.id)).toEqual({ change: "1>3", moved: false, held: 5 });
    expect(barriersIn(shards[0]!)).toHaveLength(1);
    await consumeAll(shards, 0);
    expect((await receiver.waitFor(5)).map(eventIdOf)).toEqual(ids("e"));
  });

  it("ignores a barrier of another shard change and keeps the events it holds", async () => {
    const wallet = await movingWallet();
    const shards = [holdingQueue(), holdingQueue(), holdingQueue()];
    await post(wallet.apiKey, ids("h"), changing(shards));
    await consumeAll(shards, shardOf(wallet.id, 3));
    const stale = { kind: "barrier", walletId: wallet.id, previous: 2, current: 3 };
    const result = await consume(batchOf("herald-events", [{ body: stale }]), changing(shards));
    expect(result.explicitAcks).toHaveLength(1);
    expect(await moveState(wallet.id)).toEqual({ change: "1>3", moved: false, held: 5 });
  });

  it("releases what a wallet holds when its barrier comes through after the change was settled", async () => {
    const { wallet, receiver, shards } = await movingFifoSetup();
    await post(wallet.apiKey, ids("s"), changing(shards));
    await consumeAll(shards, shardOf(wallet.id, 3));
    expect(await moveState(wallet.id)).toMatchObject({ held: 5 });
    // Settled too early: QUEUE_SHARDS_PREVIOUS is gone, and the barrier still reaches shard 0.
    const barrier = shards[0]!.held.splice(0);
    const result = await consume(batchOf("herald-events", barrier), heldShards(3, shards));
    expect(result.explicitAcks).toHaveLength(1);
    expect((await receiver.waitFor(5)).map(eventIdOf)).toEqual(ids("s"));
    expect(await moveState(wallet.id)).toMatchObject({ held: 0 });
  });

  it("releases the held events when the operator replays a barrier that reached the dead-letter queue", async () => {
    const { wallet, receiver, shards } = await movingFifoSetup();
    await post(wallet.apiKey, ids("d"), changing(shards));
    const moved = shardOf(wallet.id, 3);
    await consumeAll(shards, moved);
    // A consumer of the release before the change does not know barriers: it dead-letters one.
    const [barrier] = shards[0]!.held.splice(0);
    const dead = batchOf("herald-events-dlq", [{ body: barrier!.body, attempts: 11 }]);
    await consume(dead);
    const replay = await call(`/v1/admin/dead-letters/${dead.messages[0]!.id}/replay`, {
      method: "POST",
      env: changing(shards),
    });
    expect(replay.status).toBe(202);
    expect(barriersIn(shards[moved]!)).toHaveLength(1);
    await consumeAll(shards, moved);
    expect((await receiver.waitFor(5)).map(eventIdOf)).toEqual(ids("d"));
    expect(await moveState(wallet.id)).toEqual({ change: "1>3", moved: true, held: 0 });
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

  it("refuses a QUEUE_SHARDS that is not a whole number from 1 to 100, and a QUEUE_SHARDS_PREVIOUS equal to it", async () => {
    for (const QUEUE_SHARDS of ["0", "1.5", "101", "many"]) {
      const res = await call("/v1/events", {
        body: { walletId: (await newWallet()).id, type: "t.shard", data: {} },
        env: { QUEUE_SHARDS } as Partial<Env>,
      });
      expect((await expectProblem(res, 503)).detail).toContain("QUEUE_SHARDS");
    }
    // The count before a change: a whole number up to 100, other than the count itself.
    for (const QUEUE_SHARDS_PREVIOUS of ["1", "1.5", "101", "many"]) {
      const res = await call("/v1/events", {
        body: { walletId: (await newWallet()).id, type: "t.shard", data: {} },
        env: { QUEUE_SHARDS: "1", QUEUE_SHARDS_PREVIOUS } as Partial<Env>,
      });
      expect((await expectProblem(res, 503)).detail).toContain("QUEUE_SHARDS_PREVIOUS");
    }
  });
});
