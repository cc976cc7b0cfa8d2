import type { HeraldMessage } from "../domain/event-contract/messages";
import { judgeResponse, nextRetryDelayMs } from "../domain/retry-policy";
import type { UrlPolicy } from "../domain/url-rules";
import { excerptBytesFor } from "../domain/wallet-limits";
import { type AttemptOutcome, type Dataset, writeAttemptPoint } from "../observability/analytics";
import { logger } from "../observability/logger";
import { emitOperationalEvent, OPERATIONAL_PREFIX } from "./operational-events";
import type { OrderStore } from "./order-store";
import type { PendingRow, PendingStore } from "./pending-store";
import { prepareAttempt } from "./prepare-attempt";
import { prepareSend } from "./prepare-send";
import { truncateUtf8 } from "./response-excerpt";
import { type AttemptResult, sendAttempt } from "./send-attempt";
import type { WalletSigners } from "./wallet-signers";
import type { WebhookSettings } from "./webhook-settings";

/** What one attempt needs from its webhook object. */
export interface AttemptContext {
  settings: WebhookSettings;
  store: PendingStore;
  order: OrderStore;
  queue: Queue<HeraldMessage>;
  autoDisableAfterMs: number;
  /** Disables the webhook with a reason; false when it was not enabled (nothing to announce). */
  disable: (reason: string) => Promise<boolean>;
  operationalWallet: string;
  /** The URL rules every send is checked against again, just before it leaves. */
  urlPolicy: UrlPolicy;
  /** Analytics Engine dataset for one point per attempt; undefined when unbound. */
  analytics?: Dataset;
  /** The Ed25519 keys of the wallets whose events the webhook delivers. */
  signers: WalletSigners;
  encryptionKey: string;
}

/** Meta key: when the current streak of failures began (unix ms); cleared by any success. */
export const FAILING_SINCE = "failingSince";

// A global webhook's trouble is the operator's business: its notices go to the global webhooks
// only, never to the webhooks of the wallet they are filed under.
const isGlobal = (settings: AttemptContext["settings"]) => settings.walletId === null;

/**
 * Sends one delivery and records how it ended: success, a scheduled retry, or a terminal
 * failure; disables the webhook on 410, `webhook-delivery: disable`, or after failing
 * without a single success for AUTO_DISABLE_AFTER_HOURS. The attempt is counted and the
 * row marked `sending` before the request leaves, so a crash mid-request is seen later.
 */
export async function deliverOne(
  ctx: AttemptContext,
  row: PendingRow,
  options: { interrupted?: boolean } = {},
): Promise<void> {
  const { settings, store } = ctx;
  let n: number;
  let result: AttemptResult;
  const startedAt = Date.now();
  if (options.interrupted) {
    n = row.attempt_count;
    result = {
      statusCode: null,
      headers: new Headers(),
      responseBody: null,
      error: "interrupted: the object restarted during the attempt",
      timedOut: false,
      durationMs: 0,
    };
  } else {
    // The batch was picked before this moment (a paced wait, earlier sends): a lapsed event is noise, never sent.
    if (row.expires_at !== null && row.expires_at <= startedAt) {
      store.expire(startedAt);
      return;
    }
    // The body (a thin payload's fresh link token) and the wallet's Ed25519 keys, which may
    // need D1: a failure here leaves the delivery pending, not half-sent.
    const prepared = await prepareAttempt({ ...ctx, ...settings }, row, startedAt);
    // A number, once given, is stored on the delivery's row: retries and crashes keep it.
    const sequence = ctx.order.sequenceOf(row, settings.ordering);
    // Everything that can refuse the send is settled before the row is marked `sending`: a
    // refusal then fails this delivery once, with its reason, instead of leaving a fifo head
    // `sending` (and retried as interrupted after every restart).
    const ready = await prepareSend(ctx, row, { ...prepared, sequence });
    n = store.markSending(row.key, startedAt);
    if ("refused" in ready) {
      const attempt = { ...emptyAttempt(row, n, startedAt), error: ready.refused };
      store.finishAttempt(row.key, "failed", startedAt, attempt, startedAt);
      reportAttempt(ctx, row, n, { ...REFUSED, error: ready.refused }, "failed");
      return;
    }
    result = await sendAttempt(row.url, prepared.body, ready.headers, settings.timeoutMs);
  }
  const now = Date.now();
  const verdict =
    result.statusCode === null
      ? "retry"
      : judgeResponse(result.statusCode, result.headers, settings.rules);
  const attempt = {
    delivery_id: row.delivery_id,
    n,
    started_at: startedAt,
    duration_ms: result.durationMs,
    status_code: result.statusCode,
    error: result.error,
    response_body: excerpt(result.responseBody, true, settings.excerptBytes),
  };
  const succeeded =
    verdict === "succeeded" ||
    (verdict === "disable" && result.statusCode !== null && result.statusCode < 300);

  let outcome: AttemptOutcome = "failed";
  if (succeeded) {
    outcome = "succeeded";
    store.finishAttempt(row.key, "succeeded", now, attempt, now);
    store.setMeta(FAILING_SINCE, null);
  } else if (verdict === "retry") {
    const delay = nextRetryDelayMs(
      settings.schedule,
      n,
      {
        statusCode: result.statusCode,
        timedOut: result.timedOut,
        retryAfter: result.headers.get("retry-after"),
      },
      now,
    );
    if (delay === null) {
      store.finishAttempt(row.key, "failed", now, attempt, now);
      if (!row.event_type.startsWith(OPERATIONAL_PREFIX)) {
        await emitOperationalEvent(
          ctx.queue,
          ctx.operationalWallet,
          "herald.delivery.exhausted",
          {
            deliveryId: row.delivery_id,
            eventId: row.event_id,
            eventType: row.event_type,
            webhookId: settings.webhookId,
            attempts: n,
            lastStatusCode: result.statusCode,
            lastError: result.error,
          },
          isGlobal(settings),
        );
      }
    } else {
      outcome = "retry";
      // Another attempt follows: this one keeps 1 KiB, the one that ends the delivery keeps the rest.
      attempt.response_body = excerpt(attempt.response_body, false, settings.excerptBytes);
      store.finishAttempt(row.key, "pending", now + delay, attempt, now);
    }
  } else {
    store.finishAttempt(row.key, "failed", now, attempt, now);
  }
  reportAttempt(ctx, row, n, result, outcome);

  if (verdict === "disable") {
    await disableWebhook(
      ctx,
      result.statusCode === 410
        ? "The receiver answered 410 Gone"
        : "The receiver asked to be disabled (webhook-delivery: disable)",
    );
  } else if (!succeeded) {
    const since = Number(store.getMeta(FAILING_SINCE) ?? now);
    store.setMeta(FAILING_SINCE, String(since));
    if (now - since >= ctx.autoDisableAfterMs) {
      await disableWebhook(
        ctx,
        `Every delivery failed for ${Math.round(ctx.autoDisableAfterMs / 3_600_000)} hours`,
      );
    }
  }
}

const REFUSED: AttemptResult = {
  statusCode: null,
  headers: new Headers(),
  responseBody: null,
  error: null,
  timedOut: false,
  durationMs: 0,
};

function emptyAttempt(row: PendingRow, n: number, startedAt: number) {
  return {
    delivery_id: row.delivery_id,
    n,
    started_at: startedAt,
    duration_ms: 0,
    status_code: null,
    error: null,
    response_body: null,
  };
}

async function disableWebhook(ctx: AttemptContext, reason: string): Promise<void> {
  if (await ctx.disable(reason)) {
    ctx.store.setMeta(FAILING_SINCE, null);
    await emitOperationalEvent(
      ctx.queue,
      ctx.operationalWallet,
      "herald.webhook.disabled",
      { webhookId: ctx.settings.webhookId, reason },
      true,
    );
  }
}

/** The part of an answer an attempt keeps: all of the allowance when it ends the delivery, 1 KiB when another follows. */
function excerpt(body: string | null, isLast: boolean, allowance: number): string | null {
  return body === null ? null : truncateUtf8(body, excerptBytesFor(isLast, allowance));
}

/** The attempt's one log line and one analytics point: what an operator reads per send. */
function reportAttempt(
  ctx: AttemptContext,
  row: PendingRow,
  n: number,
  result: AttemptResult,
  outcome: AttemptOutcome,
): void {
  const { webhookId } = ctx.settings;
  logger.info("delivery attempt", {
    webhookId,
    eventId: row.event_id,
    deliveryId: row.delivery_id,
    walletId: row.wallet_id,
    eventType: row.event_type,
    attempt: n,
    statusCode: result.statusCode,
    error: result.error,
    durationMs: result.durationMs,
    outcome,
  });
  writeAttemptPoint(ctx.analytics, {
    walletId: row.wallet_id,
    webhookId,
    eventType: row.event_type,
    outcome,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    attempt: n,
  });
}
