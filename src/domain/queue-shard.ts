import type { HeraldMessage } from "./event-contract/messages";
import { fnv1a } from "./fnv1a";

// The event queue is QUEUE_SHARDS queues, bound as EVENTS_QUEUE_0..n-1 (scripts/queue-shards.mjs
// writes the bindings). A wallet's messages all go to one shard, chosen by a hash of its id;
// every shard has the same consumer, which takes messages of any shard, so a message sent under
// another shard count is consumed where it waits.

/**
 * The wallet's shard among `shards`: a jump consistent hash (Lamping and Veach), so growing
 * from n to m shards moves a wallet only onto one of the new shards, and only about
 * (m - n) / m of the wallets at all. A 32-bit linear congruential generator stands in for the
 * paper's 64-bit one; the property holds for any deterministic sequence.
 */
export function shardOf(walletId: string, shards: number): number {
  if (shards <= 1) return 0;
  let state = fnv1a(walletId) || 1;
  let b = -1;
  let j = 0;
  while (j < shards) {
    b = j;
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    // (state >>> 8) + 1 is in 1..2^24: the next candidate is b + 1 over a uniform fraction.
    j = Math.floor((b + 1) * (2 ** 24 / ((state >>> 8) + 1)));
  }
  return b;
}

/**
 * Where a wallet moved when the shard count changed from `previous` to `current`: its old and
 * new shard, or null when it stayed (or no change is under way, `previous` 0).
 */
export function shardMove(
  walletId: string,
  previous: number,
  current: number,
): { from: number; to: number } | null {
  if (previous === 0 || previous === current) return null;
  const from = shardOf(walletId, previous);
  const to = shardOf(walletId, current);
  return from === to ? null : { from, to };
}

/** The wallet a message belongs to; a message of no known shape (a replayed dead letter) goes to shard 0. */
function walletOf(body: unknown): string | null {
  const message = body as Partial<HeraldMessage> | null;
  if (message?.kind === "event") return message.event?.walletId ?? null;
  if (message?.kind === "handoff" || message?.kind === "barrier") return message.walletId ?? null;
  return null;
}

/**
 * One Queue over the shards: each message goes to its wallet's shard. A sendBatch spanning
 * shards is one send per shard (a batch request names one wallet unless the admin posts for
 * several).
 */
export function shardedQueue<Body>(shards: Queue<Body>[]): Queue<Body> {
  const shardFor = (body: unknown) => {
    const walletId = walletOf(body);
    return shards[walletId === null ? 0 : shardOf(walletId, shards.length)]!;
  };
  return {
    send: (body, options) => shardFor(body).send(body, options),
    async sendBatch(messages, options) {
      const groups = new Map<Queue<Body>, MessageSendRequest<Body>[]>();
      for (const m of messages) {
        const queue = shardFor(m.body);
        groups.set(queue, [...(groups.get(queue) ?? []), m]);
      }
      const sent = await Promise.all(
        [...groups].map(([queue, group]) => queue.sendBatch(group, options)),
      );
      return sent[0]!;
    },
    metrics: () => shards[0]!.metrics(),
  };
}
