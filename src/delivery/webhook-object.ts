import { DurableObject } from "cloudflare:workers";
import { eventsQueue, loadConfig, urlPolicy } from "../config";
import { database } from "../db/client";
import type { WebhookRow } from "../db/schema";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { deliveryUrl } from "../domain/formats";
import { DEFAULT_WALLET_ID, deliveryIdFor } from "../domain/ids";
import type { RetryOutcome } from "../domain/retry-outcome";
import { analyticsDataset } from "../observability/analytics";
import { logger } from "../observability/logger";
import { countedEnv } from "../observability/usage-counters";
import { systemScope } from "../repositories/scope";
import { disableWebhook } from "../repositories/webhooks";
import { type AttemptContext, deliverOne } from "./deliver-one";
import { MirrorOutbox } from "./mirror-outbox";
import { ObjectSettings } from "./object-settings";
import { OrderStore } from "./order-store";
import { PendingStore } from "./pending-store";
import { nextBatch, nextSendDueAt, paceWait, type SendSource } from "./send-plan";
import { shapeDelivery } from "./shape-delivery";
import { nextWakeAt } from "./wake-time";
import type { WebhookSettings } from "./webhook-settings";

// One alarm run sends for at most this long, then re-arms: bounded work per invocation.
const RUN_BUDGET_MS = 20_000;
const PURGE_PER_RUN = 500;
// Expired deliveries are ended at most this often inside a run (a send past its expiry is caught
// by deliverOne itself): one query a second, not one per delivery.
const EXPIRY_CHECK_MS = 1_000;

/**
 * One per webhook (and one per one-off notify target): a durable queue of its deliveries in
 * SQLite storage, sent by an alarm-driven loop, fifo (one in flight, acceptance order),
 * subject (one in flight per subject, in acceptance order, subjects in parallel up to
 * maxInFlight) or unordered (up to maxInFlight), with the attempts mirrored to D1 in batches.
 */
export class WebhookObject extends DurableObject<Env> {
  private readonly store: PendingStore;
  private readonly order: OrderStore;
  private readonly source: SendSource;
  private readonly mirror: MirrorOutbox;
  private readonly hook: ObjectSettings;
  private running = false;
  private failures = 0;
  private lastSendAt = 0;
  private expiryCheckedAt = 0;
  /** The attempt context of the settings object it was made for, reused while they stay current. */
  private attempt: { settings: WebhookSettings; ctx: AttemptContext } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, countedEnv(env));
    this.store = new PendingStore(ctx.storage.sql);
    this.order = new OrderStore(ctx.storage.sql);
    this.source = { store: this.store, order: this.order };
    this.mirror = new MirrorOutbox(ctx.storage.sql, () => this.terminalOnly());
    this.hook = new ObjectSettings(this.env, this.store);
  }

  /**
   * Takes deliveries for these events; an (event, wallet) the object already holds is skipped.
   * Returns how many were new. `row` is the webhook as the consumer just read it (absent for a
   * notify target): a newly started object takes its settings from it.
   */
  async enqueue(webhookId: string, events: QueuedEvent[], row?: WebhookRow): Promise<number> {
    this.hook.adopt(webhookId);
    if (row) this.hook.offer(row);
    this.hook.adoptNotifyTarget(webhookId, events);
    const settings = await this.hook.current();
    if (!settings) return 0;
    const now = Date.now();
    let added = 0;
    const known = this.store.known(events.map((e) => `${e.walletId}:${e.id}`));
    for (const event of events) {
      const key = `${event.walletId}:${event.id}`;
      if (known.has(key)) continue;
      const deliveryId = deliveryIdFor(webhookId);
      const built = await shapeDelivery(
        event,
        { webhookId: settings.webhookId, deliveryId, url: settings.url, format: settings.format },
        settings,
        loadConfig(this.env).keyRing.keys[0]!,
        now,
      );
      const fresh = this.store.add({
        key,
        seq: event.seq,
        delivery_id: deliveryId,
        wallet_id: event.walletId,
        event_id: event.id,
        event_type: event.type,
        format: settings.format,
        url: built.url,
        body: built.body,
        headers: JSON.stringify(built.headers),
        next_attempt_at: now,
        expires_at: event.expiresAt ? Date.parse(event.expiresAt) : null,
        subject: event.subject,
        created_at: now,
        updated_at: now,
      });
      if (fresh) added++;
    }
    if (added) await this.armAt(now);
    return added;
  }

  /** The webhook's settings changed: reload them, re-address open deliveries, resume. */
  async webhookChanged(webhookId: string): Promise<void> {
    this.hook.adopt(webhookId);
    this.hook.forget();
    const settings = await this.hook.current();
    if (settings) this.store.readdress((format, type) => deliveryUrl(format, settings.url, type));
    await this.armAt(Date.now());
  }

  /** The webhook is gone: what it still held ends as failed. */
  async webhookDeleted(webhookId: string): Promise<void> {
    this.hook.adopt(webhookId);
    this.hook.gone();
    this.store.failAllOpen(Date.now());
    await this.armAt(Date.now());
  }

  /**
   * Sends one delivery again now (the retry API), from what the object holds: D1's mirror may
   * not show it yet. `walletId` (a wallet key's) limits it to that wallet's deliveries.
   */
  async retryHeld(deliveryId: string, walletId: string | null): Promise<RetryOutcome> {
    const now = Date.now();
    const outcome = this.store.reopen(deliveryId, walletId, now);
    if (outcome === "reopened") await this.armAt(now);
    return outcome;
  }

  /**
   * A wallet was deleted: drop what this object holds of it, unsent and unmirrored alike, so
   * nothing of the wallet is sent or written back to D1 after its purge. Returns rows dropped.
   */
  async eraseWallet(walletId: string): Promise<number> {
    return this.store.eraseWallet(walletId);
  }

  /**
   * Reopens the failed deliveries created in [fromMs, toMs] (the recover API), at most `limit`.
   * It reads the object's own state, not D1's mirror, which lags by up to two seconds: a
   * recover right after a failure counts it.
   */
  async recoverFailed(webhookId: string, fromMs: number, toMs: number, limit: number) {
    this.hook.adopt(webhookId);
    const now = Date.now();
    let reopened = 0;
    for (const id of this.store.failedBetween(fromMs, toMs, limit))
      if (this.store.reopen(id, null, now) === "reopened") reopened++;
    if (reopened) await this.armAt(now);
    return reopened;
  }

  /** Re-arms a stopped alarm chain (the cron sweep calls this); returns the number of open deliveries. */
  async wake(): Promise<number> {
    const open = this.store.openCount();
    if (open > 0 || this.mirror.pending()) await this.armAt(Date.now());
    return open;
  }

  override async alarm(): Promise<void> {
    try {
      await this.run();
      this.failures = 0;
    } catch (err) {
      this.failures++;
      logger.error("webhook object run failed", {
        webhookId: this.hook.webhookId,
        error: String(err),
      });
    } finally {
      // Every run re-arms itself, errors included: a chain that stops stops delivering.
      await this.rearm();
    }
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const settings = await this.hook.current();
      const now = Date.now();
      if (settings === null) {
        this.store.failAllOpen(now);
        return;
      }
      const ctx = this.attemptContext(settings);
      // Attempts left `sending` by an object that stopped mid-request: the receiver may or may
      // not have it, so it is retried (at-least-once) with the same webhook-id.
      for (const row of this.store.interrupted()) await deliverOne(ctx, row, { interrupted: true });
      this.expireDue(now, true);
      // Ended deliveries are kept only to recognise a redelivered hand-off; after the
      // retention period they go, a bounded number per run.
      this.store.purgeEnded(
        now - loadConfig(this.env).EVENT_RETENTION_DAYS * 86_400_000,
        PURGE_PER_RUN,
      );
      const deadline = now + RUN_BUDGET_MS;
      for (;;) {
        // Read afresh every round: a PATCH (disable, new URL or token) reaches the object while
        // this loop awaits a receiver, and must stop or change the very next send.
        const live = await this.hook.current();
        if (!live?.enabled || Date.now() >= deadline) break;
        const batch = nextBatch(this.source, live, Date.now());
        if (!batch.length) break;
        const wait = paceWait(live, this.lastSendAt, Date.now());
        if (wait > 1000) break;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.lastSendAt = Date.now();
        const liveCtx = this.attemptContext(live);
        if (batch.length === 1) await deliverOne(liveCtx, batch[0]!);
        else await Promise.all(batch.map((row) => deliverOne(liveCtx, row)));
        this.expireDue(Date.now());
      }
    } finally {
      this.running = false;
      await this.mirror.flush(database(this.env), this.hook.webhookId);
    }
  }

  /** Ends open deliveries whose event expired, at most once per EXPIRY_CHECK_MS unless `now` is forced. */
  private expireDue(now: number, force = false): void {
    if (!force && now - this.expiryCheckedAt < EXPIRY_CHECK_MS) return;
    this.expiryCheckedAt = now;
    this.store.expire(now);
  }

  private attemptContext(settings: WebhookSettings): AttemptContext {
    if (this.attempt?.settings === settings) return this.attempt.ctx;
    const ctx = this.newAttemptContext(settings);
    this.attempt = { settings, ctx };
    return ctx;
  }

  private newAttemptContext(settings: WebhookSettings): AttemptContext {
    const config = loadConfig(this.env);
    return {
      settings,
      store: this.store,
      order: this.order,
      queue: eventsQueue(this.env),
      autoDisableAfterMs: config.AUTO_DISABLE_AFTER_HOURS * 3_600_000,
      disable: (reason) => this.disable(settings, reason),
      operationalWallet: settings.walletId ?? DEFAULT_WALLET_ID,
      urlPolicy: urlPolicy(config),
      analytics: analyticsDataset(this.env),
      signers: this.hook.signers,
      // Event-link tokens are keyed from the current encryption key (the first of the ring).
      encryptionKey: config.keyRing.keys[0]!,
    };
  }

  private async disable(settings: WebhookSettings, reason: string): Promise<boolean> {
    if (settings.oneOff || !settings.enabled) return false;
    settings.enabled = false;
    const at = new Date().toISOString();
    // Already disabled in D1 (by a PATCH this object has not heard of yet): nothing new to announce.
    return disableWebhook(database(this.env), systemScope(), settings.webhookId, reason, at);
  }

  /**
   * MIRROR=terminal: only ended deliveries and their attempts go to D1 (fewer D1 writes; the
   * delivery log shows a delivery once it ends). An unreadable config mirrors everything.
   */
  private terminalOnly(): boolean {
    try {
      return loadConfig(this.env).MIRROR === "terminal";
    } catch {
      return false;
    }
  }

  private async rearm(): Promise<void> {
    const settings = this.hook.cached;
    const sending = settings?.enabled === true;
    const next = nextWakeAt({
      now: Date.now(),
      nextDueAt: sending ? nextSendDueAt(this.source, settings) : null,
      pacedUntil:
        sending && settings.rateLimitPerSecond
          ? this.lastSendAt + 1000 / settings.rateLimitPerSecond
          : null,
      nextExpiryAt: this.store.nextExpiryAt(),
      unmirrored: this.mirror.pending(),
      mirrorDueAt: this.mirror.dueAt,
      failures: this.failures,
    });
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  private async armAt(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }
}
