import { eventView } from "../domain/event-contract/event-view";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { logger } from "../observability/logger";
import type { StreamEvent } from "./sse";

// Stream objects called at once: a batch touches at most as many wallets as it has events.
const CONCURRENCY = 16;

/**
 * Publishes newly stored events to their wallets' stream objects: one call per wallet, in log
 * order. Best effort: errors are logged and swallowed, because the log in D1 is the truth; a
 * listener that missed something gets it from the object's next catch-up or from Last-Event-ID.
 */
export async function publishToStreams(
  env: Env,
  events: (QueuedEvent & { position: number })[],
): Promise<void> {
  const byWallet = new Map<string, StreamEvent[]>();
  for (const e of [...events].sort((a, b) => a.position - b.position)) {
    const list = byWallet.get(e.walletId) ?? [];
    list.push({ position: e.position, event: eventView(e) });
    byWallet.set(e.walletId, list);
  }
  const calls = [...byWallet];
  const worker = async () => {
    for (let call = calls.shift(); call; call = calls.shift()) {
      const [walletId, list] = call;
      try {
        await env.WALLET_STREAM.get(env.WALLET_STREAM.idFromName(walletId)).publish(walletId, list);
      } catch (err) {
        logger.error("publishing to the live stream failed", {
          walletId,
          count: list.length,
          error: String(err),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, calls.length) }, worker));
}
