import { DurableObject } from "cloudflare:workers";
import { loadConfig } from "../config";
import { database } from "../db/client";
import { sha256Hex } from "../domain/crypto/encoding";
import type { NotifyVerdict, RateVerdict } from "../domain/rate-verdicts";
import { type Bucket, fullBucket, take } from "../domain/token-bucket";
import { type RateKind, rateOf, type WalletLimits } from "../domain/wallet-limits";
import { logger } from "../observability/logger";
import { countedEnv } from "../observability/usage-counters";
import { walletScope } from "../repositories/scope";
import { defaultLimits, limitsOf } from "../repositories/wallet-limits";

// Overrides are re-read this often even without a reload() (one missed call cannot pin old limits).
const LIMITS_TTL_MS = 60_000;

const today = (nowMs: number) => new Date(nowMs).toISOString().slice(0, 10);

/** The distinct URLs' SHA-256: the object stores no URL itself. */
async function hashesOf(urls: string[]): Promise<string[]> {
  return [...new Set(await Promise.all(urls.map((u) => sha256Hex(u))))];
}

/**
 * One per wallet (named by the wallet id): counts the wallet's rates exactly, since every
 * request of the wallet meets the same single-threaded object, and the distinct notify URLs of
 * the day. Rates live in memory (an evicted object starts with full buckets: lenient, never
 * stricter than the limit); the day's notify URLs live in the object's own SQLite storage. It
 * reads the wallet's overrides from D1 once a minute at most and never writes D1.
 */
export class WalletLimiter extends DurableObject<Env> {
  private readonly buckets = new Map<RateKind, Bucket>();
  private limits: WalletLimits | null = null;
  private loadedAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, countedEnv(env));
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS notify_urls (day TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (day, hash))",
    );
  }

  /** Takes `cost` from one of the wallet's rates. */
  async take(walletId: string, kind: RateKind, cost: number): Promise<RateVerdict> {
    return this.takeNow(await this.current(walletId), kind, cost);
  }

  /**
   * Ingest's one call: admits `count` events naming `notifyUrls`, or refuses the whole request
   * (the distinct-URL quota first, then the rate), recording nothing when it refuses.
   */
  async admitIngest(
    walletId: string,
    count: number,
    notifyUrls: string[],
  ): Promise<{ rate: RateVerdict | null; notify: NotifyVerdict | null }> {
    const limits = await this.current(walletId);
    const hashes = notifyUrls.length ? await hashesOf(notifyUrls) : [];
    // No await from here on: a concurrent request cannot slip in between the check and the count.
    const fresh = this.unseenToday(hashes);
    if (fresh.length) {
      const used = this.notifyUrlsToday();
      if (used + fresh.length > limits.notifyUrlsPerDay)
        return { rate: null, notify: { allowed: false, limit: limits.notifyUrlsPerDay, used } };
    }
    const rate = this.takeNow(limits, "ingest", count);
    if (rate.allowed) {
      const day = today(Date.now());
      for (const hash of fresh)
        this.ctx.storage.sql.exec(
          "INSERT OR IGNORE INTO notify_urls (day, hash) VALUES (?, ?)",
          day,
          hash,
        );
    }
    return { rate, notify: null };
  }

  /** Forgets the cached limits: the admin changed the wallet's overrides. */
  async reload(): Promise<void> {
    this.limits = null;
  }

  /** What the wallet has used: tokens left per rate, distinct notify URLs today. */
  async usage(walletId: string): Promise<{
    remaining: Record<RateKind, number>;
    notifyUrlsToday: number;
  }> {
    const limits = await this.current(walletId);
    const remaining = {} as Record<RateKind, number>;
    for (const kind of ["ingest", "testSend", "doctorRun", "recover"] as const)
      remaining[kind] = this.takeNow(limits, kind, 0, false).remaining;
    return { remaining, notifyUrlsToday: this.notifyUrlsToday() };
  }

  private takeNow(limits: WalletLimits, kind: RateKind, cost: number, keep = true): RateVerdict {
    const rate = rateOf(kind, limits);
    const now = Date.now();
    const { bucket, result } = take(
      this.buckets.get(kind) ?? fullBucket(rate, now),
      rate,
      cost,
      now,
    );
    if (keep) this.buckets.set(kind, bucket);
    return { ...result, kind, policy: rate.policy };
  }

  private async current(walletId: string): Promise<WalletLimits> {
    const now = Date.now();
    if (this.limits && now - this.loadedAt < LIMITS_TTL_MS) return this.limits;
    const config = loadConfig(this.env);
    try {
      this.limits = await limitsOf(database(this.env), walletScope(walletId), config, walletId);
    } catch (err) {
      // D1 unreadable: the defaults keep ingest open rather than refusing every wallet.
      logger.error("wallet limits unreadable; using the defaults", {
        walletId,
        error: String(err),
      });
      this.limits ??= defaultLimits(config);
    }
    this.loadedAt = now;
    return this.limits;
  }

  private unseenToday(hashes: string[]): string[] {
    const day = today(Date.now());
    return hashes.filter(
      (hash) =>
        this.ctx.storage.sql
          .exec("SELECT 1 FROM notify_urls WHERE day = ? AND hash = ?", day, hash)
          .toArray().length === 0,
    );
  }

  private notifyUrlsToday(): number {
    const day = today(Date.now());
    // Yesterday's URLs count for nothing: dropped here, where the day is read anyway.
    this.ctx.storage.sql.exec("DELETE FROM notify_urls WHERE day <> ?", day);
    const row = this.ctx.storage.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM notify_urls WHERE day = ?", day)
      .one();
    return row.n;
  }
}
