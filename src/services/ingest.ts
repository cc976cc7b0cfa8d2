import type { Principal } from "../app-env";
import { type Config, urlPolicy } from "../config";
import type { Database } from "../db/client";
import { sealOptional } from "../domain/crypto/secret-box";
import { isReservedEventType, RESERVED_TYPE_PREFIX } from "../domain/event-catalog";
import type { HeraldMessage } from "../domain/event-contract/messages";
import {
  type EventSubmission,
  newQueuedEvent,
  type QueuedEvent,
} from "../domain/event-contract/queued-event";
import { MAX_BATCH_BYTES, MAX_EVENT_BYTES } from "../domain/limits";
import { checkWebhookUrl } from "../domain/url-rules";
import { HeraldError } from "../errors/herald-error";
import { logger } from "../observability/logger";
import { storedHashes } from "../repositories/events";
import { walletScope } from "../repositories/scope";
import { validateAgainstRegisteredTypes } from "./event-type-check";
import { admitEvents, type Limiters } from "./rate-limits";
import { requestWallet } from "./request-wallet";

/** What ingest needs: D1 only for client-chosen ids, and the queue. */
export interface IngestDeps {
  db: Database;
  config: Config;
  queue: Queue<HeraldMessage>;
  /** The wallets' limiter objects: ingest's rate and notify-URL quota, counted without D1. */
  limiters: Limiters;
  /** The request's id, for the log lines ingest writes. */
  requestId?: string;
  /** The host this request reached Herald by: a notify URL there would loop (see urlPolicy). */
  requestHost?: string;
}

/** One event as a client (or an agent adapter) submits it, after validation. */
export interface EventInputType extends EventSubmission {
  id?: string;
  walletId?: string;
}

export type IngestResult = { id: string; status: "accepted" | "duplicate" };

const encoder = new TextEncoder();

/** Why a client's `herald.*` event is refused (ingest and test sends). */
export const RESERVED_TYPE_MESSAGE = `Event types starting with ${RESERVED_TYPE_PREFIX} are Herald's own operational events; only Herald emits them`;

/** A D1 read on the ingest path: when D1 fails, the client is told to retry (503), never handed a 500. */
async function readD1<T>(
  requestId: string | undefined,
  what: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof HeraldError) throw err;
    logger.error(`ingest could not read ${what}`, { requestId, error: String(err) });
    throw new HeraldError("unavailable", `Herald cannot check ${what} right now; retry shortly`, {
      headers: { "retry-after": "5" },
    });
  }
}

/**
 * A notify target's URL as Herald keys and sends to it: checked by the webhook URL rules (400
 * naming `path` when refused), without its fragment.
 */
export function notifyUrl(config: Config, url: string, path: string, requestHost?: string): string {
  const check = checkWebhookUrl(url, urlPolicy(config, requestHost));
  if (!check.ok)
    throw new HeraldError("validation_failed", "The body is invalid", {
      errors: [{ path, message: check.reason }],
    });
  check.url.hash = "";
  return check.url.toString();
}

/** The wallet a call is filed under, decided by requestWallet; each wallet is looked up once per request. */
export async function walletFor(
  deps: Pick<IngestDeps, "db" | "requestId">,
  principal: Principal,
  requested: string | undefined,
  checked: Map<string, string>,
  field = "walletId",
): Promise<string> {
  const key = requested ?? "";
  const known = checked.get(key);
  if (known) return known;
  const scope = await readD1(deps.requestId, "the wallet", () =>
    requestWallet(deps.db, principal, { named: requested, field, whenUnnamed: "default-wallet" }),
  );
  checked.set(key, scope.walletId);
  return scope.walletId;
}

async function toQueued(
  deps: IngestDeps,
  input: EventInputType,
  walletId: string,
  index: number,
): Promise<QueuedEvent> {
  const { walletId: _ignored, id, ...content } = input;
  if (isReservedEventType(content.type)) {
    throw new HeraldError("validation_failed", "The body is invalid", {
      errors: [{ path: `${index}.type`, message: RESERVED_TYPE_MESSAGE }],
    });
  }
  if (encoder.encode(JSON.stringify(content)).byteLength > MAX_EVENT_BYTES) {
    throw new HeraldError(
      "payload_too_large",
      `Event ${index} is larger than ${MAX_EVENT_BYTES} bytes`,
    );
  }
  const notify = input.notify && {
    url: notifyUrl(deps.config, input.notify.url, `${index}.notify.url`, deps.requestHost),
    bearerTokenEnc: await sealOptional(deps.config.keyRing, input.notify.bearerToken),
    format: input.notify.format ?? "standard",
    ...(input.notify.mode === "replace" ? { mode: "replace" as const } : {}),
  };
  return newQueuedEvent(walletId, content, { id, notify });
}

/** Admits the events to send against each wallet's limits; repeats of accepted events cost nothing. */
async function admitPerWallet(limiters: Limiters, events: QueuedEvent[]): Promise<void> {
  const byWallet = new Map<string, { count: number; urls: Set<string> }>();
  for (const event of events) {
    const entry = byWallet.get(event.walletId) ?? { count: 0, urls: new Set<string>() };
    entry.count++;
    if (event.notify) entry.urls.add(event.notify.url);
    byWallet.set(event.walletId, entry);
  }
  for (const [walletId, { count, urls }] of byWallet)
    await admitEvents(limiters, walletId, count, [...urls]);
}

/**
 * Accepts events: validated, stamped in acceptance order and handed to the queue in one
 * send. A repeated id with the same body is a duplicate (nothing re-sent), with another
 * body a 409; D1 is read only for ids the client chose. Each wallet's limiter object admits
 the new events first (429 over its rate, 409 over its notify URLs of the day). Nothing is half-accepted: a queue
 * that refuses fails the whole request with 503.
 */
export async function acceptEvents(
  deps: IngestDeps,
  principal: Principal,
  inputs: EventInputType[],
  walletField = "walletId",
): Promise<IngestResult[]> {
  const checked = new Map<string, string>();
  const queued: QueuedEvent[] = [];
  for (const [index, input] of inputs.entries()) {
    queued.push(
      await toQueued(
        deps,
        input,
        await walletFor(deps, principal, input.walletId, checked, walletField),
        index,
      ),
    );
  }
  await readD1(deps.requestId, "the wallet's event types", () =>
    validateAgainstRegisteredTypes(deps.db, queued),
  );

  const results: IngestResult[] = [];
  const toSend: QueuedEvent[] = [];
  const seen = new Map<string, string>();
  const clientIds = new Map<string, string[]>();
  inputs.forEach((input, i) => {
    if (input.id)
      clientIds.set(queued[i]!.walletId, [...(clientIds.get(queued[i]!.walletId) ?? []), input.id]);
  });
  const stored = new Map<string, string>();
  for (const [walletId, ids] of clientIds) {
    for (const [id, hash] of await readD1(deps.requestId, "event ids already used", () =>
      storedHashes(deps.db, walletScope(walletId), ids),
    ))
      stored.set(`${walletId}\n${id}`, hash);
  }
  for (const event of queued) {
    const key = `${event.walletId}\n${event.id}`;
    const previous = stored.get(key) ?? seen.get(key);
    if (previous !== undefined && previous !== event.bodyHash) {
      throw new HeraldError(
        "conflict",
        `Event ${event.id} was already accepted with a different body`,
      );
    }
    if (previous !== undefined) {
      results.push({ id: event.id, status: "duplicate" });
      continue;
    }
    seen.set(key, event.bodyHash);
    toSend.push(event);
    results.push({ id: event.id, status: "accepted" });
  }

  if (toSend.length) {
    await admitPerWallet(deps.limiters, toSend);
    const messages = toSend.map((event) => ({
      body: { kind: "event", event } satisfies HeraldMessage,
      contentType: "json" as const,
    }));
    // One event always fits (at most MAX_EVENT_BYTES plus an envelope of well under 1 KB), so
    // only batches are measured: the single-event route is the hot one.
    const bytes =
      messages.length > 1
        ? messages.reduce((sum, m) => sum + encoder.encode(JSON.stringify(m.body)).byteLength, 0)
        : 0;
    if (bytes > MAX_BATCH_BYTES) {
      throw new HeraldError(
        "payload_too_large",
        `The batch carries ${bytes} bytes of events; at most ${MAX_BATCH_BYTES} fit one queue send, so split it`,
      );
    }
    try {
      await deps.queue.sendBatch(messages);
    } catch (err) {
      logger.error("queue refused events", {
        requestId: deps.requestId,
        count: toSend.length,
        error: String(err),
      });
      throw new HeraldError(
        "unavailable",
        "The event queue is not accepting events right now; retry shortly",
        { headers: { "retry-after": "5" } },
      );
    }
  }
  return results;
}
