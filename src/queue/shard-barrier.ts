import { loadConfig, shardQueue } from "../config";
import type { Database } from "../db/client";
import type { BarrierMessage } from "../domain/event-contract/messages";
import { shardMove } from "../domain/queue-shard";
import { logger } from "../observability/logger";
import { retryLater } from "./retry-later";
import { type CallBudget, type Msg, runUnit, storedUnit, type Unit } from "./run-unit";
import type { HeldEvent } from "./shard-move-object";

// When the shard count changes, a moved wallet's events still queued on its old shard could be
// consumed after later events sent to its new shard, and a fifo webhook would deliver them out
// of order. So while QUEUE_SHARDS_PREVIOUS is set, a moved wallet's events (from either shard)
// are stored but held, and a barrier message goes to the old shard, behind the wallet's backlog.
// When the barrier comes through, the held events are handed off together (each webhook object
// sorts what it holds by acceptance stamp) and the wallet's events flow directly from then on.

// Wallets known to have moved under a change, per isolate: they skip the object call.
const MOVED_CACHE_LIMIT = 10_000;
const moved = new Set<string>();

const changeOf = (previous: number, current: number) => `${previous}>${current}`;
const movedKey = (change: string, walletId: string) => `${change}\n${walletId}`;

const moveObject = (env: Env, walletId: string) =>
  env.SHARD_MOVE.get(env.SHARD_MOVE.idFromName(walletId));

/** The shard change under way, if any: QUEUE_SHARDS_PREVIOUS and QUEUE_SHARDS. */
function changeUnderWay(env: Env): { previous: number; current: number } | null {
  const { QUEUE_SHARDS_PREVIOUS: previous, QUEUE_SHARDS: current } = loadConfig(env);
  return previous === 0 ? null : { previous, current };
}

/**
 * The units to hand off now. A moved wallet's event units are held (their messages acked: the
 * events are in D1 and their ids in the wallet's move object) until its barrier comes through;
 * the first hold sends the barrier. A hold that fails is retried, never dropped.
 */
export async function holdMovingUnits(env: Env, units: Unit[]): Promise<Unit[]> {
  const change = changeUnderWay(env);
  if (!change) return units;
  const name = changeOf(change.previous, change.current);
  const now: Unit[] = [];
  for (const unit of units) {
    const move = shardMove(unit.walletId, change.previous, change.current);
    if (!move || moved.has(movedKey(name, unit.walletId))) {
      now.push(unit);
      continue;
    }
    try {
      const object = moveObject(env, unit.walletId);
      const held = unit.events.map((e) => ({ id: e.id, globalOnly: unit.globalOnly }));
      const verdict = await object.hold(name, held);
      if (verdict.go) {
        remember(movedKey(name, unit.walletId));
        now.push(unit);
        continue;
      }
      if (verdict.sendBarrier) {
        const barrier: BarrierMessage = { kind: "barrier", walletId: unit.walletId, ...change };
        await shardQueue(env, move.from).send(barrier, { contentType: "json" });
        await object.barrierSent(name);
      }
      for (const m of unit.messages) m.ack();
    } catch (err) {
      logger.error("holding a moving wallet's events failed", {
        walletId: unit.walletId,
        error: String(err),
      });
      for (const m of unit.messages) retryLater(m);
    }
  }
  return now;
}

function remember(key: string): void {
  if (moved.size >= MOVED_CACHE_LIMIT) moved.clear();
  moved.add(key);
}

/**
 * A barrier came through its wallet's old shard: every event held for the wallet is handed
 * off, in rounds until none is left (events held meanwhile join the next round), and the
 * wallet is marked moved. The barrier is acked only then; any failure retries it, and a retry
 * hands off again, which the webhook objects ignore for events they already hold.
 */
export async function passBarrier(
  db: Database,
  env: Env,
  m: Msg,
  budget: CallBudget,
): Promise<void> {
  const barrier = m.body as BarrierMessage;
  const change = changeUnderWay(env);
  if (change && (change.previous !== barrier.previous || change.current !== barrier.current)) {
    // Left from an earlier change: what is held now waits for the current change's barrier.
    logger.warn("barrier of another shard change ignored", { walletId: barrier.walletId });
    m.ack();
    return;
  }
  // With no change under way (it was settled early), nothing holds any more: release all.
  const name = changeOf(barrier.previous, barrier.current);
  try {
    const object = moveObject(env, barrier.walletId);
    // Nothing held (a wallet quiet since the change): released() still marks it moved.
    let held = await object.released(name, []);
    // Bounded: each round hands off what was held before it; a wallet still posting adds at
    // most one consumer batch per round, and a barrier not done in 20 is retried.
    for (let round = 0; round < 20 && held.length; round++) {
      if (!(await handOffHeld(db, env, barrier.walletId, held, budget))) {
        retryLater(m);
        return;
      }
      held = await object.released(name, held);
    }
    if (held.length) {
      retryLater(m);
      return;
    }
    remember(movedKey(name, barrier.walletId));
    m.ack();
  } catch (err) {
    logger.error("passing a shard barrier failed", {
      walletId: barrier.walletId,
      error: String(err),
    });
    retryLater(m);
  }
}

/** Hands the held events of a wallet to every subscriber, as the consumer would have. */
async function handOffHeld(
  db: Database,
  env: Env,
  walletId: string,
  held: HeldEvent[],
  budget: CallBudget,
): Promise<boolean> {
  for (const globalOnly of [false, true]) {
    const ids = held.filter((e) => e.globalOnly === globalOnly).map((e) => e.id);
    if (!ids.length) continue;
    const unit = await storedUnit(db, walletId, ids, globalOnly, [], {
      after: null,
      includeNotify: true,
    });
    if (!(await runUnit(db, env, unit, budget))) return false;
  }
  return true;
}
