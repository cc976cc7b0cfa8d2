/**
 * The IETF RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers, the
 * Structured Fields syntax of drafts 08 and later: a quoted policy name with q/w, and r/t).
 */

/** One policy as a client sees it: `quota` units per `windowSeconds`. */
export interface RatePolicy {
  name: string;
  quota: number;
  windowSeconds: number;
}

/** The headers of a 429 (or of any answer under the policy): Retry-After, RateLimit-Policy, RateLimit. */
export function rateLimitHeaders(
  policy: RatePolicy,
  remaining: number,
  resetSeconds: number,
  retryAfterSeconds: number | null,
): Record<string, string> {
  const headers: Record<string, string> = {
    "ratelimit-policy": `"${policy.name}";q=${policy.quota};w=${policy.windowSeconds}`,
    ratelimit: `"${policy.name}";r=${Math.max(0, remaining)};t=${Math.max(0, resetSeconds)}`,
  };
  if (retryAfterSeconds !== null && retryAfterSeconds > 0)
    headers["retry-after"] = String(retryAfterSeconds);
  return headers;
}
