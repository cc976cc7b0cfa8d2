import { loadConfig } from "../config";
import { database } from "../db/client";
import type { WebhookRow } from "../db/schema";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import type { Format } from "../domain/formats";
import { NOTIFY_OBJECT_PREFIX } from "../domain/notify-target";
import type { PendingStore } from "./pending-store";
import { WalletSigners } from "./wallet-signers";
import { loadWebhookSettings, notifySettings, type WebhookSettings } from "./webhook-settings";

// Settings are re-read from D1 this often even without a change notice (other isolates' edits).
const SETTINGS_TTL_MS = 30_000;

/**
 * What a webhook object knows of its webhook: which one it serves (durable, in its meta), its
 * settings (a cache of D1, or of a one-off notify target's event) and the wallet keys it signs
 * with. Undefined settings mean "read again"; null means the webhook is gone.
 */
export class ObjectSettings {
  private settings: WebhookSettings | null | undefined;
  private settingsAt = 0;
  private signersCache: WalletSigners | null = null;
  /** The row a first hand-off brought, read by the consumer for it (see offer). */
  private offered: WebhookRow | undefined;
  /** A change notice reached this instance: only D1 is trusted from then on. */
  private changed = false;

  constructor(
    private readonly env: Env,
    private readonly store: PendingStore,
  ) {}

  /** The settings as last read, without reading again (undefined: not read yet). */
  get cached(): WebhookSettings | null | undefined {
    return this.settings;
  }

  /** The webhook this object serves, once a call told it. */
  get webhookId(): string | null {
    return this.store.getMeta("webhookId");
  }

  /** Wallet keys for Ed25519 signatures, made on first need (the config may be invalid before). */
  get signers(): WalletSigners {
    this.signersCache ??= new WalletSigners(database(this.env), loadConfig(this.env).keyRing);
    return this.signersCache;
  }

  /**
   * Learns which webhook this object serves from whichever call reaches it first. A change
   * notice can arrive before any event: without its id the object would cache "no such
   * webhook" and drop the next hand-off, so learning the id also forgets that answer.
   */
  adopt(webhookId: string): void {
    if (this.store.getMeta("webhookId")) return;
    this.store.setMeta("webhookId", webhookId);
    this.settings = undefined;
  }

  /**
   * A one-off target's object is named notify_…; its settings come with the events, and the
   * latest event's target (token, format) wins for what it still holds.
   */
  adoptNotifyTarget(webhookId: string, events: QueuedEvent[]): void {
    const latest = events.at(-1);
    if (!webhookId.startsWith(NOTIFY_OBJECT_PREFIX) || !latest?.notify) return;
    const target = JSON.stringify({ walletId: latest.walletId, target: latest.notify });
    if (this.store.getMeta("notify") === target) return;
    this.store.setMeta("notify", target);
    this.settings = undefined;
  }

  /**
   * The webhook's row as the consumer read it for this hand-off. A newly started object uses it
   * for its first settings instead of reading D1 again; once settings were loaded, or a change
   * notice came (the row may predate the change), the object reads D1 as before.
   */
  offer(row: WebhookRow): void {
    if (this.settingsAt === 0 && !this.changed && row.id === this.webhookId) this.offered = row;
  }

  /** Forgets the cached settings: the next read goes to D1 (a change notice). */
  forget(): void {
    this.settings = undefined;
    this.changed = true;
    this.offered = undefined;
  }

  /** The webhook is gone: remembered as such until the cache expires. */
  gone(): void {
    this.settings = null;
    this.settingsAt = Date.now();
  }

  /** The current settings, read again when forgotten or older than SETTINGS_TTL_MS; null when the webhook is gone. */
  async current(): Promise<WebhookSettings | null> {
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
      const offered = this.offered;
      this.offered = undefined;
      this.settings = webhookId
        ? await loadWebhookSettings(this.env, key, webhookId, offered)
        : null;
    }
    this.settingsAt = Date.now();
    return this.settings;
  }
}
