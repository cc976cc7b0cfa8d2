// Load from autocannon: closed loop (N connections, each sending its next request when the last
// one answered) for capacity, or a fixed overall rate for latency. Each connection numbers what it
// posts ({conn, n}), so a receiver can check per-poster order.
import autocannon from "autocannon";

const REQUEST_TIMEOUT_S = 60;

/**
 * Runs one load: `target` {url, path, headers}, `body(seq)` builds a request body from the
 * connection's sequence {conn, n} (n counts from 0), and one of `amount` (requests in all),
 * `durationS`; `rate` (requests/s overall) makes it fixed-rate. Returns counts and client latency.
 * @param {{
 *   url: string,
 *   path: string,
 *   headers?: Record<string, string>,
 *   body: (seq: { conn: number, n: number }) => string,
 *   connections: number,
 *   amount?: number,
 *   durationS?: number,
 *   rate?: number,
 * }} load
 */
export async function runLoad({
  url,
  path,
  headers = {},
  body,
  connections,
  amount,
  durationS,
  rate,
}) {
  let nextConn = 0;
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration: durationS }),
    ...(rate ? { overallRate: rate } : {}),
    timeout: REQUEST_TIMEOUT_S,
    // autocannon copies each request definition per connection, so `seq` is per connection.
    requests: [
      {
        method: "POST",
        path,
        headers: { "content-type": "application/json", ...headers },
        seq: {},
        setupRequest(req) {
          const seq = req.seq;
          seq.conn ??= nextConn++;
          seq.n = seq.n === undefined ? 0 : seq.n + 1;
          return { ...req, body: body(seq) };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    // {status: count}: what the failed requests were, when some failed.
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
    ),
    durationS: result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
  };
}
