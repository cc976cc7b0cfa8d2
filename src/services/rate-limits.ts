import { rateLimitHeaders } from "../domain/rate-limit-fields";
import type { NotifyVerdict, RateVerdict } from "../domain/rate-verdicts";
import type { RateKind } from "../domain/wallet-limits";
import { HeraldError } from "../errors/herald-error";
import { forgetEmptyBucket, knownEmptyBucket, noteEmptyBucket } from "./refusal-cache";

/** The wallets' limiter objects (one per wallet, README "Limits"). */
export type Limiters = Env["WALLET_LIMITER"];

const limiterOf = (limiters: Limiters, walletId: string) =>
  limiters.get(limiters.idFromName(walletId));

const WHAT: Record<RateKind, string> = {
  ingest: "events",
  testSend: "test sends",
  doctorRun: "doctor runs",
  recover: "recover calls",
};

/** The 429 of a refused rate: Retry-After and the IETF RateLimit fields. */
function refusal(verdict: RateVerdict): HeraldError {
  const { policy } = verdict;
  const per = policy.windowSeconds === 1 ? "second" : `${policy.windowSeconds} s`;
  const detail =
    verdict.retryAfterSeconds === null
      ? `This request needs more ${WHAT[verdict.kind]} than the wallet's limit allows at once (${policy.quota} per ${per}); send fewer per request`
      : `The wallet's limit of ${policy.quota} ${WHAT[verdict.kind]} per ${per} is used up; retry after ${verdict.retryAfterSeconds} s`;
  return new HeraldError("rate_limited", detail, {
    headers: rateLimitHeaders(
      policy,
      verdict.remaining,
      verdict.resetSeconds,
      // A request that can never fit (more than the bucket holds) is told to wait a window.
      verdict.retryAfterSeconds ?? policy.windowSeconds,
    ),
  });
}

function notifyRefusal(verdict: NotifyVerdict): HeraldError {
  return new HeraldError(
    "quota_exceeded",
    `The wallet's events may name at most ${verdict.limit} distinct notify URLs per UTC day; ${verdict.used} are used today`,
  );
}

/** Takes one unit of a wallet's rate (test sends, doctor runs, recover calls); 429 when used up. */
export async function takeRate(
  limiters: Limiters,
  walletId: string,
  kind: RateKind,
): Promise<void> {
  const verdict = await limiterOf(limiters, walletId).take(walletId, kind, 1);
  if (!verdict.allowed) throw refusal(verdict);
}

/**
 * Admits `count` events for a wallet: one call to its limiter object, no D1 write. 429 over the
 * ingest rate, 409 over the day's distinct notify URLs.
 */
export async function admitEvents(
  limiters: Limiters,
  walletId: string,
  count: number,
  notifyUrls: string[],
): Promise<void> {
  refuseKnownEmpty(walletId);
  const { rate, notify } = await limiterOf(limiters, walletId).admitIngest(
    walletId,
    count,
    notifyUrls,
  );
  if (notify && !notify.allowed) throw notifyRefusal(notify);
  if (rate && !rate.allowed) {
    noteEmptyBucket(walletId, rate, Date.now());
    throw refusal(rate);
  }
}

/**
 * Answers 429 at once when this isolate knows the wallet's ingest bucket holds less than a
 * token (see refusal-cache.ts): the cheap path of a flood, before the body is validated.
 */
export function refuseKnownEmpty(walletId: string): void {
  const known = knownEmptyBucket(walletId, Date.now());
  if (!known) return;
  const seconds = Math.max(1, Math.ceil(known.leftMs / 1000));
  throw refusal({ ...known.verdict, remaining: 0, retryAfterSeconds: seconds });
}

/** Makes a wallet's limiter re-read the overrides now. */
export async function reloadLimits(limiters: Limiters, walletId: string): Promise<void> {
  forgetEmptyBucket(walletId);
  await limiterOf(limiters, walletId).reload();
}

/** A wallet's rates and notify URLs as its limiter counts them. */
export async function limiterUsage(limiters: Limiters, walletId: string) {
  return limiterOf(limiters, walletId).usage(walletId);
}
