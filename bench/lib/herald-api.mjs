// The few Herald API calls the bench makes, and the events it posts.
import { ADMIN_KEY } from "./settings.mjs";

async function call(base, key, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/**
 * What Herald's isolate asked of D1 and of Durable Objects so far (GET /v1/admin/metrics,
 * `isolate`: running totals). Miniflare and wrangler dev run one isolate, so the difference of
 * two reads is what the work between them cost (plus the one metrics read: a handful of statements).
 */
export async function isolateUsage(base) {
  try {
    return (await call(base, ADMIN_KEY, "GET", "/v1/admin/metrics?top=0")).isolate ?? null;
  } catch {
    // An older checkout (bench/compare.mjs) without the counters: the costs are left out.
    return null;
  }
}

const USAGE_KEYS = ["d1Calls", "d1Statements", "d1RowsRead", "d1RowsWritten", "objectCalls"];

/** The usage between two reads per `events` ({d1StatementsPerEvent, ...}), or {} when unknown. */
export function usagePerEvent(before, after, events) {
  if (!before || !after || !events) return {};
  return Object.fromEntries(
    USAGE_KEYS.map((k) => [`${k}PerEvent`, (after[k] - before[k]) / events]),
  );
}

/** Ingest limits of the capacity scenarios' wallets: far above anything the bench posts. */
export const RAISED_LIMITS = { ingestPerSecond: 100_000, ingestBurst: 100_000 };

/**
 * A new wallet: {id, apiKey}. Its ingest rate is raised (RAISED_LIMITS, through the admin's
 * per-wallet override) unless `defaults` asks for the limits every wallet has (S10).
 */
export async function createWallet(base, name, { defaults = false } = {}) {
  const wallet = await call(base, ADMIN_KEY, "POST", "/v1/wallets", { name });
  if (!defaults)
    await call(base, ADMIN_KEY, "PATCH", `/v1/wallets/${wallet.id}`, { limits: RAISED_LIMITS });
  return wallet;
}

/** A webhook of the wallet: {id, secret}. `options`: ordering, maxInFlight, retry, ... */
export function createWebhook(base, walletKey, url, options = {}) {
  return call(base, walletKey, "POST", "/v1/webhooks", { url, ...options });
}

/** Deletes a webhook (what it still holds ends as failed). */
export async function deleteWebhook(base, walletKey, id) {
  const res = await fetch(`${base}/v1/webhooks/${id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${walletKey}` },
    signal: AbortSignal.timeout(30_000),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`DELETE /v1/webhooks/${id} -> ${res.status}`);
}

/**
 * Counts the wallet's stored events by walking the event log from `cursor`; returns {count, cursor}.
 * Read with the admin key, which the per-wallet read limit does not count.
 */
export async function countStoredEvents(base, walletId, cursor = null) {
  let count = 0;
  for (let page = 0; page < 10_000; page++) {
    const query = new URLSearchParams({ limit: "100", walletId, ...(cursor ? { cursor } : {}) });
    const { data, nextCursor } = await call(base, ADMIN_KEY, "GET", `/v1/events?${query}`);
    count += data.length;
    cursor = nextCursor;
    if (data.length < 100) break;
  }
  return { count, cursor };
}

const TYPE = "openid.credential.offer_sent";
const FILLER = "x".repeat(160);

/** One event as the bench posts it: its poster's {conn, n} and the posting time travel in `data`. */
export function eventOf(conn, n, postedAt = Date.now()) {
  return {
    type: TYPE,
    data: { conn, n, postedAt, credentialExchangeId: `bench-${conn}-${n}`, note: FILLER },
  };
}

/** A body for POST /v1/events. */
export const singleBody = (seq) => JSON.stringify(eventOf(seq.conn, seq.n, seq.postedAt));

/** A body for POST /v1/events whose event is about one of `count` subjects (also in `data`, for the receiver's check). */
export const subjectBody = (count) => (seq) => {
  const event = eventOf(seq.conn, seq.n, seq.postedAt);
  const subject = `exchange-${(seq.conn * 7 + seq.n) % count}`;
  return JSON.stringify({ ...event, subject, data: { ...event.data, subject } });
};

/** A body for POST /v1/events/batch with `size` events, numbered on from the connection's earlier batches. */
export const batchBody = (size) => (seq) =>
  JSON.stringify({
    events: Array.from({ length: size }, (_, i) => eventOf(seq.conn, seq.n * size + i)),
  });
