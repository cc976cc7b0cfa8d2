import { DurableObject } from "cloudflare:workers";
import { loadConfig, urlPolicy } from "../config";
import { database } from "../db/client";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { deliveryUrl, type Format } from "../domain/formats";
import { DEFAULT_WALLET_ID, uuidv7 } from "../domain/ids";
import { NOTIFY_OBJECT_PREFIX } from "../domain/notify-target";
import { analyticsDataset } from "../observability/analytics";
import { logger } from "../observability/logger";
import { mirrorToD1 } from "../repositories/delivery-mirror";
import { systemScope } from "../repositories/scope";
import { disableWebhook } from "../repositories/webhooks";
import { type AttemptContext, deliverOne } from "./deliver-one";
import { OrderStore } from "./order-store";
import { PendingStore } from "./pending-store";
import { shapeDelivery } from "./shape-delivery";
import { nextWakeAt } from "./wake-time";
import { WalletSigners } from "./wallet-signers";
import { loadWebhookSettings, notifySettings, type WebhookSettings } from "./webhook-settings";

// One alarm run sends for at most this long, then re-arms: bounded work per invocation.
const RUN_BUDGET_MS = 20_000;
// Settings are re-read from D1 this often even without a change notice (other isolates' edits).
const SETTINGS_TTL_MS = 30_000;
const MIRROR_BATCH = 100;
// The D1 mirror is written at most this often per object (or when a full batch waits): one D1
// write per busy object every two seconds, instead of one per alarm run (about 1.2 ms of CPU each
// in local dev, and D1 has one writer for the whole service).
const MIRROR_EVERY_MS = 2_000;
const PURGE_PER_RUN = 500;

/**
 * One per webhook (and one per one-off notify target): a durable queue of its deliveries in
 * SQLite storage, sent by an alarm-driven loop, fifo (one in flight, acceptance order),
 * subject (one in flight per subject, in acceptance order, subjects in parallel up to
 * maxInFlight) or unordered (up to maxInFlight), with the attempts mirrored to D1 in batches.
 */
export class WebhookObject extends DurableObject<Env> {
  private readonly store: PendingStore;
  private readonly order: OrderStore;
  private settings: WebhookSettings | null | undefined;
  private settingsAt = 0;
  private running = false;
  private failures = 0;
  private lastSendAt = 0;
  private lastMirrorAt = 0;
  private signersCache: WalletSigners | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new PendingStore(ctx.storage.sql);
    this.order = new OrderStore(ctx.storage.sql);
  }

  /** Wallet keys for Ed25519 signatures, made on first need (the config may be invalid before). */
  private get signers(): WalletSigners {
    this.signersCache ??= new WalletSigners(database(this.env), loadConfig(this.env).keyRing);
    return this.signersCache;
  }

  /** Takes deliveries for these events; an (event, wallet) the object already holds is skipped. Returns how many were new. */
  async enqueue(webhookId: string, events: QueuedEvent[]): Promise<number> {
    this.adopt(webhookId);
    // A one-off target's object is named notify_…; its settings come with the events, and the
    // latest event's target (token, format) wins for what it still holds.
    const latest = events.at(-1);
    if (webhookId.startsWith(NOTIFY_OBJECT_PREFIX) && latest?.notify) {
      const target = JSON.stringify({ walletId: latest.walletId, target: latest.notify });
      if (this.store.getMeta("notify") !== target) {
        this.store.setMeta("notify", target);
        this.settings = undefined;
      }
    }
    const settings = await this.currentSettings();
    if (!settings) return 0;
    const now = Date.now();
    let added = 0;
    const known = this.store.known(events.map((e) => `${e.walletId}:${e.id}`));
    for (const event of events) {
      const key = `${event.walletId}:${event.id}`;
      if (known.has(key)) continue;
      const deliveryId = uuidv7();
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
    this.adopt(webhookId);
    this.settings = undefined;
    const settings = await this.currentSettings();
    if (settings) this.store.readdress((format, type) => deliveryUrl(format, settings.url, type));
    await this.armAt(Date.now());
  }

  /** The webhook is gone: what it still held ends as failed. */
  async webhookDeleted(webhookId: string): Promise<void> {
    this.adopt(webhookId);
    this.settings = null;
    this.settingsAt = Date.now();
    this.store.failAllOpen(Date.now());
    await this.armAt(Date.now());
  }

  /**
   * Learns which webhook this object serves from whichever call reaches it first. A change
   * notice can arrive before any event: without its id the object would cache "no such
   * webhook" and drop the next hand-off, so learning the id also forgets that answer.
   */
  private adopt(webhookId: string): void {
    if (this.store.getMeta("webhookId")) return;
    this.store.setMeta("webhookId", webhookId);
    this.settings = undefined;
  }

  /** Sends one delivery again now (the retry API); false when the object does not hold it. */
  async retryDelivery(deliveryId: string): Promise<boolean> {
    const reopened = this.store.reopen(deliveryId, Date.now());
    if (reopened) await this.armAt(Date.now());
    return reopened;
  }

  /** Sends these deliveries again (the recover API); returns how many the object reopened. */
  async retryDeliveries(deliveryIds: string[]): Promise<number> {
    const now = Date.now();
    let reopened = 0;
    for (const id of deliveryIds) if (this.store.reopen(id, now)) reopened++;
    if (reopened) await this.armAt(now);
    return reopened;
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
   * It reads the object's own state, not D1's mirror, which lags by up to MIRROR_EVERY_MS: a
   * recover right after a failure counts it.
   */
  async recoverFailed(webhookId: string, fromMs: number, toMs: number, limit: number) {
    this.adopt(webhookId);
    const now = Date.now();
    let reopened = 0;
    for (const id of this.store.failedBetween(fromMs, toMs, limit))
      if (this.store.reopen(id, now)) reopened++;
    if (reopened) await this.armAt(now);
    return reopened;
  }

  /** Re-arms a stopped alarm chain (the cron sweep calls this); returns the number of open deliveries. */
  async wake(): Promise<number> {
    const open = this.store.openCount();
    if (open > 0 || this.store.unmirrored(1).deliveries.length > 0) await this.armAt(Date.now());
    return open;
  }

  override async alarm(): Promise<void> {
    try {
      await this.run();
      this.failures = 0;
    } catch (err) {
      this.failures++;
      logger.error("webhook object run failed", {
        webhookId: this.store.getMeta("webhookId"),
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
      const settings = await this.currentSettings();
      const now = Date.now();
      if (settings === null) {
        this.store.failAllOpen(now);
        return;
      }
      const ctx = this.attemptContext(settings);
      // Attempts left `sending` by an object that stopped mid-request: the receiver may or may
      // not have it, so it is retried (at-least-once) with the same webhook-id.
      for (const row of this.store.interrupted()) await deliverOne(ctx, row, { interrupted: true });
      this.store.expire(now);
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
        const live = await this.currentSettings();
        if (!live?.enabled || Date.now() >= deadline) break;
        const batch = this.nextBatch(live, Date.now());
        if (!batch.length) break;
        const wait = this.paceWait(live, Date.now());
        if (wait > 1000) break;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.lastSendAt = Date.now();
        const liveCtx = this.attemptContext(live);
        await Promise.all(batch.map((row) => deliverOne(liveCtx, row)));
        this.store.expire(Date.now());
      }
    } finally {
      this.running = false;
      await this.flush();
    }
  }

  private nextBatch(settings: WebhookSettings, now: number) {
    if (settings.ordering === "fifo") {
      // fifo: the head holds everything behind it, even while it waits for a retry.
      const head = this.store.head();
      return head && head.next_attempt_at <= now ? [head] : [];
    }
    // A rate limit paces single sends; otherwise up to maxInFlight at once.
    const limit = settings.rateLimitPerSecond ? 1 : settings.maxInFlight;
    // subject: each subject's head holds only its own subject.
    if (settings.ordering === "subject") return this.order.subjectHeads(now, limit);
    return this.store.due(now, limit);
  }

  private paceWait(settings: WebhookSettings, now: number): number {
    if (!settings.rateLimitPerSecond) return 0;
    return Math.max(0, this.lastSendAt + 1000 / settings.rateLimitPerSecond - now);
  }

  private attemptContext(settings: WebhookSettings): AttemptContext {
    const config = loadConfig(this.env);
    return {
      settings,
      store: this.store,
      order: this.order,
      queue: this.env.EVENTS_QUEUE,
      autoDisableAfterMs: config.AUTO_DISABLE_AFTER_HOURS * 3_600_000,
      disable: (reason) => this.disable(settings, reason),
      operationalWallet: settings.walletId ?? DEFAULT_WALLET_ID,
      urlPolicy: urlPolicy(config),
      analytics: analyticsDataset(this.env),
      signers: this.signers,
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

  private async currentSettings(): Promise<WebhookSettings | null> {
    if (this.settings !== undefined && Date.now() - this.settingsAt < SETTINGS_TTL_MS)
      return this.settings;
    const webhookId = this.store.getMeta("webhookId");
    const key = loadConfig(this.env).keyRing;
    const notify = this.store.getMeta("notify");
    // Keys are reloaded with the settings: a rotation's notice reaches the object as a change.
    this.signers.clear();
    if (notify) {
      const { walletId, target } = JSON.parse(notify) as {
        walletId: string;
        target: { url: string; bearerTokenEnc: string | null; format: Format };
      };
      this.settings = await notifySettings(this.env, key, webhookId ?? "notify", walletId, target);
    } else {
      this.settings = webhookId ? await loadWebhookSettings(this.env, key, webhookId) : null;
    }
    this.settingsAt = Date.now();
    return this.settings;
  }

  /** Mirrors delivery states and attempts to D1, when a second has passed since the last time or a full batch waits. */
  private async flush(): Promise<void> {
    if (
      Date.now() - this.lastMirrorAt < MIRROR_EVERY_MS &&
      this.store.unmirroredCount() < MIRROR_BATCH
    )
      return;
    const webhookId = this.store.getMeta("webhookId");
    if (!webhookId) return;
    this.lastMirrorAt = Date.now();
    for (let round = 0; round < 50; round++) {
      const { deliveries, attempts } = this.store.unmirrored(MIRROR_BATCH);
      if (!deliveries.length && !attempts.length) return;
      await mirrorToD1(database(this.env), systemScope(), webhookId, deliveries, attempts);
      this.store.mirrored(deliveries, attempts);
    }
  }

  private async rearm(): Promise<void> {
    const settings = this.settings;
    const sending = settings?.enabled === true;
    const unmirrored = this.store.unmirrored(1);
    const next = nextWakeAt({
      now: Date.now(),
      nextDueAt: !sending
        ? null
        : settings.ordering === "fifo"
          ? (this.store.head()?.next_attempt_at ?? null)
          : settings.ordering === "subject"
            ? this.order.subjectNextDueAt()
            : this.store.nextDueAt(),
      pacedUntil:
        sending && settings.rateLimitPerSecond
          ? this.lastSendAt + 1000 / settings.rateLimitPerSecond
          : null,
      nextExpiryAt: this.store.nextExpiryAt(),
      unmirrored: unmirrored.deliveries.length > 0 || unmirrored.attempts.length > 0,
      mirrorDueAt: this.lastMirrorAt + MIRROR_EVERY_MS,
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
