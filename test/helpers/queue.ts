import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  type QueueResult,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { HeraldMessage } from "../../src/domain/event-contract/messages";
import { newQueuedEvent, type QueuedEvent } from "../../src/domain/event-contract/queued-event";
import type { Format } from "../../src/domain/formats";
import worker from "../../src/index";

export const EVENTS_QUEUE = "herald-events";
export const DEAD_LETTER_QUEUE = "herald-events-dlq";

/** What a test says about an event; the rest is filled in as ingest would. */
export interface EventSpec {
  type: string;
  data?: Record<string, unknown>;
  id?: string;
  channels?: string[];
  subject?: string;
  expiresAt?: string;
  /** A one-off target without a bearer token (a token would need ingest's encryption). */
  notify?: { url: string; format?: Format };
}

/** An accepted event in its queued shape, built by the one constructor every producer uses. */
export async function queuedEvent(walletId: string, spec: EventSpec): Promise<QueuedEvent> {
  const { id, ...submission } = { data: {}, ...spec };
  const notify = spec.notify
    ? { url: spec.notify.url, bearerTokenEnc: null, format: spec.notify.format ?? "standard" }
    : null;
  return newQueuedEvent(walletId, submission, { id, notify });
}

/** A queue message as the platform hands it over: an id, a body, and how often it was delivered. */
export interface CraftedMessage {
  id?: string;
  body: HeraldMessage | unknown;
  attempts?: number;
}

/** One event message per event, with fresh message ids. */
export function eventMessages(events: QueuedEvent[]): CraftedMessage[] {
  return events.map((event) => ({
    id: crypto.randomUUID(),
    body: { kind: "event", event } satisfies HeraldMessage,
  }));
}

/** Builds a batch for `queue` (every message gets an id, a timestamp and an attempt count). */
export function batchOf(queue: string, messages: CraftedMessage[]): MessageBatch<unknown> {
  return createMessageBatch(
    queue,
    messages.map((m) => ({
      id: m.id ?? crypto.randomUUID(),
      timestamp: new Date(),
      attempts: m.attempts ?? 1,
      body: m.body,
    })),
  );
}

/** Runs the real queue handler on a crafted batch, with env overrides, and returns what it acked and retried. */
export async function consume(
  batch: MessageBatch<unknown>,
  overrides: Partial<Env> & Record<string, unknown> = {},
): Promise<QueueResult> {
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides } as Env);
  return getQueueResult(batch, ctx);
}

/** The ids a queue result retried, sorted. */
export function retriedIds(result: QueueResult): string[] {
  return result.retryMessages.map((m) => m.msgId).sort();
}

/** The ids a queue result acked (explicitly, or all of them through ackAll), sorted. */
export function ackedIds(result: QueueResult, batch: MessageBatch<unknown>): string[] {
  return (result.ackAll ? batch.messages.map((m) => m.id) : result.explicitAcks).slice().sort();
}

/** An env override putting `queue` in place of every event queue shard the tests run with. */
export function everyShard(queue: Queue<HeraldMessage>): Record<string, Queue<HeraldMessage>> {
  const shards = Number((env as { QUEUE_SHARDS?: string }).QUEUE_SHARDS || "1");
  return Object.fromEntries(Array.from({ length: shards }, (_, i) => [`EVENTS_QUEUE_${i}`, queue]));
}
