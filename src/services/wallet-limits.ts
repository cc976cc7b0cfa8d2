import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { LimitOverrides, WalletLimits } from "../domain/wallet-limits";
import { HeraldError, notFound } from "../errors/herald-error";
import { countEventTypes } from "../repositories/event-types";
import { adminScope, type WalletScope, walletScope } from "../repositories/scope";
import {
  defaultLimits,
  findLimitOverrides,
  limitsOf,
  saveLimitOverrides,
} from "../repositories/wallet-limits";
import { countWalletWebhooks, storedUsage } from "../repositories/wallet-usage";
import { findWallet } from "../repositories/wallets";
import { type Limiters, limiterUsage, reloadLimits } from "./rate-limits";

/** What the wallet-limit services need. */
export interface LimitDeps {
  db: Database;
  config: Config;
  limiters: Limiters;
}

/** A wallet's limits as the admin sees them: those in force and the overrides behind them. */
export async function walletLimitsView(deps: LimitDeps, walletId: string) {
  const overrides = await findLimitOverrides(deps.db, walletScope(walletId), walletId);
  const limits = await limitsOf(deps.db, walletScope(walletId), deps.config, walletId);
  return { limits, overrides, defaults: defaultLimits(deps.config) };
}

/**
 * Sets a wallet's overrides (admin only): each named limit takes the value given, null returns
 * it to the default, limits not named keep their override. The wallet's limiter re-reads them
 * at once.
 */
export async function setWalletLimits(
  deps: LimitDeps,
  principal: Principal,
  walletId: string,
  changes: { [K in keyof WalletLimits]?: number | null },
) {
  const scope = adminScope(principal);
  const wallet = await findWallet(deps.db, scope, walletId);
  if (!wallet) throw notFound("Wallet");
  const overrides: LimitOverrides = {
    ...(await findLimitOverrides(deps.db, scope, walletId)),
  };
  for (const [name, value] of Object.entries(changes) as [keyof WalletLimits, number | null][]) {
    if (value === null) delete overrides[name];
    else overrides[name] = value;
  }
  await saveLimitOverrides(deps.db, scope, walletId, overrides, new Date().toISOString());
  await reloadLimits(deps.limiters, walletId);
  return { id: wallet.id, name: wallet.name, ...(await walletLimitsView(deps, walletId)) };
}

/** The most webhooks a wallet may have (its override, else the default). */
export async function webhookQuota(db: Database, config: Config, walletId: string) {
  return (await limitsOf(db, walletScope(walletId), config, walletId)).webhooks;
}

/** The most event types a wallet may register (its override, else the default). */
export async function eventTypeQuota(db: Database, config: Config, scope: WalletScope) {
  return (await limitsOf(db, scope, config, scope.walletId)).eventTypes;
}

/** The 409 quota_exceeded for a wallet that has as many webhooks as `limit` allows. */
export function webhookQuotaExceeded(limit: number): HeraldError {
  return new HeraldError(
    "quota_exceeded",
    `The wallet may have at most ${limit} webhooks; delete one first`,
  );
}

/** The 409 quota_exceeded for a wallet that registered as many event types as `limit` allows. */
export function eventTypeQuotaExceeded(limit: number): HeraldError {
  return new HeraldError(
    "quota_exceeded",
    `The wallet may register at most ${limit} event types; delete one first`,
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A wallet's usage against its limits: counts, rates left, traffic over 24 h, stored bytes. */
export async function walletUsage(
  deps: LimitDeps & { streams: Env["WALLET_STREAM"] },
  walletId: string,
) {
  const scope = walletScope(walletId);
  const since = new Date(Date.now() - DAY_MS).toISOString();
  const streams = deps.streams.get(deps.streams.idFromName(walletId));
  const [limits, webhooks, eventTypes, limiter, stored, streamListeners] = await Promise.all([
    limitsOf(deps.db, scope, deps.config, walletId),
    countWalletWebhooks(deps.db, scope),
    countEventTypes(deps.db, scope),
    limiterUsage(deps.limiters, walletId),
    storedUsage(deps.db, scope, since),
    streams.listenerCount(),
  ]);
  return {
    walletId,
    limits,
    current: {
      webhooks,
      eventTypes,
      notifyUrlsToday: limiter.notifyUrlsToday,
      streamListeners,
    },
    remaining: {
      ingest: limiter.remaining.ingest,
      testSends: limiter.remaining.testSend,
      doctorRuns: limiter.remaining.doctorRun,
      recovers: limiter.remaining.recover,
    },
    last24h: { events: stored.events, deliveries: stored.deliveries },
    storedBytes: {
      events: stored.eventBytes,
      attempts: stored.attemptBytes,
      total: stored.eventBytes + stored.attemptBytes,
    },
  };
}
