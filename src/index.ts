import { createApp } from "./app";
import { sweep } from "./cron/sweep";
import type { HeraldMessage } from "./domain/event-contract/messages";
import { countedEnv } from "./observability/usage-counters";
import { consumeEvents } from "./queue/consumer";
import { recordDeadLetters } from "./queue/dead-letters";

export { WebhookObject } from "./delivery/webhook-object";
export { WalletLimiter } from "./limits/wallet-limiter";
export { ShardMoveObject } from "./queue/shard-move-object";
export { WalletStream } from "./streams/wallet-stream";

const app = createApp();

export default {
  // Every entry counts its D1 and object calls (GET /v1/admin/metrics, `isolate`).
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    app.fetch(request, countedEnv(env), ctx),
  async queue(batch: MessageBatch<unknown>, env: Env, _ctx?: ExecutionContext): Promise<void> {
    if (batch.queue.endsWith("-dlq")) return recordDeadLetters(batch, countedEnv(env));
    return consumeEvents(batch as MessageBatch<HeraldMessage>, countedEnv(env));
  },
  async scheduled(
    _controller: ScheduledController,
    env: Env,
    _ctx?: ExecutionContext,
  ): Promise<void> {
    await sweep(countedEnv(env));
  },
} satisfies ExportedHandler<Env>;
