import { eq } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { walletLimits } from "../db/schema";
import {
  effectiveLimits,
  LIMIT_NAMES,
  type LimitOverrides,
  type WalletLimits,
} from "../domain/wallet-limits";
import { type AllWallets, covers, type Scope } from "./scope";

/** The limits every wallet has unless the admin overrides them: the settings' LIMIT_* values. */
export function defaultLimits(config: Config): WalletLimits {
  return {
    webhooks: config.LIMIT_WEBHOOKS,
    eventTypes: config.LIMIT_EVENT_TYPES,
    notifyUrlsPerDay: config.LIMIT_NOTIFY_URLS_PER_DAY,
    ingestPerSecond: config.LIMIT_INGEST_PER_SECOND,
    ingestBurst: config.LIMIT_INGEST_BURST,
    testSendsPerMinute: config.LIMIT_TEST_SENDS_PER_MINUTE,
    doctorRunsPerMinute: config.LIMIT_DOCTOR_RUNS_PER_MINUTE,
    recoversPerHour: config.LIMIT_RECOVERS_PER_HOUR,
    streamListeners: config.LIMIT_STREAM_LISTENERS,
    attemptExcerptBytes: config.LIMIT_ATTEMPT_EXCERPT_BYTES,
  };
}

/** A wallet's overrides; empty when it has none or lies outside the scope. */
export async function findLimitOverrides(
  db: Database,
  scope: Scope,
  walletId: string,
): Promise<LimitOverrides> {
  if (!covers(scope, walletId)) return {};
  const row = await db
    .select({ overrides: walletLimits.overrides })
    .from(walletLimits)
    .where(eq(walletLimits.walletId, walletId))
    .get();
  const out: LimitOverrides = {};
  // Only known names with numbers: a name dropped in a later version is ignored, not trusted.
  for (const name of LIMIT_NAMES) {
    const value = row?.overrides[name];
    if (typeof value === "number") out[name] = value;
  }
  return out;
}

/** The limits in force for a wallet: its overrides over the defaults. */
export async function limitsOf(
  db: Database,
  scope: Scope,
  config: Config,
  walletId: string,
): Promise<WalletLimits> {
  return effectiveLimits(defaultLimits(config), await findLimitOverrides(db, scope, walletId));
}

/** Replaces a wallet's overrides (admin only). */
export async function saveLimitOverrides(
  db: Database,
  _scope: AllWallets,
  walletId: string,
  overrides: LimitOverrides,
  now: string,
): Promise<void> {
  await db
    .insert(walletLimits)
    .values({ walletId, overrides, updatedAt: now })
    .onConflictDoUpdate({ target: walletLimits.walletId, set: { overrides, updatedAt: now } })
    .run();
}
