import { createApp } from "./app";
import { sweep } from "./cron/sweep";
import type { HeraldMessage } from "./domain/event-contract/messages";
import { consumeEvents } from "./queue/consumer";
import { recordDeadLetters } from "./queue/dead-letters";

export { WebhookObject } from "./delivery/webhook-object";
export { WalletLimiter } from "./limits/wallet-limiter";
export { WalletStream } from "./streams/wallet-stream";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext): Promise<void> {
    if (batch.queue.endsWith("-dlq")) return recordDeadLetters(batch, env);
    return consumeEvents(batch as MessageBatch<HeraldMessage>, env);
  },
  async scheduled(
    _controller: ScheduledController,
    env: Env,
    _ctx?: ExecutionContext,
  ): Promise<void> {
    await sweep(env);
  },
} satisfies ExportedHandler<Env>;
