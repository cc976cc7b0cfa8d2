import { logger } from "../observability/logger";
import { insertDeadLetters } from "../repositories/dead-letters";
import { systemScope } from "../repositories/scope";
/**
 * The dead-letter queue's consumer: what the event consumer could not hand off after all its
 * retries is written to D1 (`dead_letters`), where an operator can see and replay it. A message
 * is acked only once recorded, so nothing vanishes.
 */
export async function recordDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const letters = batch.messages.map((m) => ({
    id: m.id,
    queue: batch.queue,
    body: m.body,
    attempts: m.attempts,
  }));
  try {
    await insertDeadLetters(env.DB, systemScope(), letters, new Date().toISOString());
    batch.ackAll();
  } catch (err) {
    logger.error("recording dead letters failed; they will be redelivered", { error: String(err) });
    batch.retryAll({ delaySeconds: 30 });
  }
}
