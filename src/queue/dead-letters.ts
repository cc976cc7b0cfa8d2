import { logger } from "../observability/logger";
/**
 * The dead-letter queue's consumer: what the event consumer could not hand off after all its
 * retries is written to D1 (`dead_letters`), where an operator can see and replay it. A message
 * is acked only once recorded, so nothing vanishes.
 */
export async function recordDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const insert = env.DB.prepare(
    "INSERT OR IGNORE INTO dead_letters (id, queue, body, attempts, received_at) VALUES (?, ?, ?, ?, ?)",
  );
  const now = new Date().toISOString();
  try {
    await env.DB.batch(
      batch.messages.map((m) =>
        insert.bind(m.id, batch.queue, JSON.stringify(m.body), m.attempts, now),
      ),
    );
    batch.ackAll();
  } catch (err) {
    logger.error("recording dead letters failed; they will be redelivered", { error: String(err) });
    batch.retryAll({ delaySeconds: 30 });
  }
}
