import type { TakeResult } from "./token-bucket";
import type { RateKind } from "./wallet-limits";

/** One rate's answer from a wallet's limiter, with the policy its headers announce. */
export interface RateVerdict extends TakeResult {
  kind: RateKind;
  policy: { name: string; quota: number; windowSeconds: number };
}

/** The distinct-notify-URL quota's answer: refused when the request would pass the day's limit. */
export interface NotifyVerdict {
  allowed: boolean;
  limit: number;
  used: number;
}
