import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { rateLimitHeaders } from "../domain/rate-limit-fields";
import { READ_REQUESTS_PER_MINUTE, WRITE_REQUESTS_PER_MINUTE } from "../domain/wallet-limits";
import { HeraldError } from "../errors/herald-error";

const READING = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The loose per-wallet limit of every keyed route but ingest (which its wallet's limiter object
 * counts exactly): Cloudflare's Rate Limiting binding, counted per location in fixed 60 s
 * windows, writes and reads apart. The admin key is the operator's and is not counted.
 */
export async function limitRequest(c: Context<AppEnv>): Promise<void> {
  const principal = c.var.principal;
  if (principal.kind !== "wallet") return;
  const reading = READING.has(c.req.method);
  const binding = reading ? c.env.READ_LIMITER : c.env.WRITE_LIMITER;
  // Optional: a deployment without the bindings runs without these two limits.
  if (!binding) return;
  const { success } = await binding.limit({ key: principal.walletId });
  if (success) return;
  const policy = reading
    ? { name: "reads", quota: READ_REQUESTS_PER_MINUTE, windowSeconds: 60 }
    : { name: "writes", quota: WRITE_REQUESTS_PER_MINUTE, windowSeconds: 60 };
  // The binding tells neither what is left nor when its window ends: 60 s is the longest wait.
  throw new HeraldError(
    "rate_limited",
    `The wallet's limit of ${policy.quota} ${policy.name} per minute is used up; retry after Retry-After`,
    { headers: rateLimitHeaders(policy, 0, 60, 60) },
  );
}
