// The capacity model: what a deployment sustains with `shards` queues and as many D1 databases,
// from Herald's measured costs per event and Cloudflare's limits. Each limit gives a ceiling on
// events per second; the lowest binds. Costs are linear in the webhooks an event goes to:
// cost(event) = ingest + webhooks x delivery, both measured by the bench (S1: no webhooks; S3:
// ten). Objects scale with wallets and webhooks, not shards: their limit is per wallet and per
// webhook, printed apart (a deployment-wide figure assumes the load is spread over many).
import { spread } from "../lib/stats.mjs";
import { disqualified } from "../lib/targets.mjs";

const FIELDS = [
  "cpuMicrosPerEvent",
  "d1StatementsPerEvent",
  "d1CallsPerEvent",
  "d1RowsWrittenPerEvent",
  "objectCallsPerEvent",
  "webhooks",
];

/** {S1, S3, ...}: per scenario, the median of each cost field over its valid runs. */
export function scenarioCosts(lines) {
  const out = {};
  for (const line of lines) {
    const valid = (line.runDetails ?? []).filter((r) => !disqualified(r));
    out[line.scenario] = Object.fromEntries(
      FIELDS.map((f) => [f, spread(valid.map((r) => r[f]))?.median ?? null]),
    );
  }
  return out;
}

/**
 * Per-event costs from a run's scenario summaries: {ingest, perDelivery}, each
 * {cpuMicros, d1Statements, d1Calls, d1RowsWritten, objectCalls}; `source` says which runs.
 * `byId`: {S1, S3} summaries (their medians) as read from bench/results/.
 */
export function costsFrom(byId) {
  const s1 = byId.S1;
  const s3 = byId.S3;
  if (!s1 || !s3) throw new Error("the results need S1 and S3 (run the bench without --only)");
  const webhooks = s3.webhooks ?? 10;
  const keys = ["d1Statements", "d1Calls", "d1RowsWritten", "objectCalls"];
  const ingest = { cpuMicros: s1.cpuMicrosPerEvent };
  for (const k of keys) ingest[k] = s1[`${k}PerEvent`];
  // S3's CPU is per delivery (the whole pipeline over its deliveries): per event, x webhooks.
  const s3PerEvent = { cpuMicros: s3.cpuMicrosPerEvent * webhooks };
  for (const k of keys) s3PerEvent[k] = s3[`${k}PerEvent`];
  const perDelivery = {};
  for (const k of ["cpuMicros", ...keys])
    perDelivery[k] = Math.max(0, (s3PerEvent[k] - ingest[k]) / webhooks);
  return { ingest, perDelivery, webhooksInS3: webhooks };
}

/** What one event with `webhooks` deliveries costs. */
export function eventCost(costs, webhooks) {
  const out = {};
  for (const k of Object.keys(costs.ingest))
    out[k] = costs.ingest[k] + webhooks * costs.perDelivery[k];
  return out;
}

/**
 * Ceilings in events/s at `shards`, each named, and the binding one:
 * {ceilings: [{limit, eventsPerS}], binding, eventsPerS, deliveriesPerS}.
 * `messagesPerEvent`: queue messages per event (1: one message an event).
 */
export function capacity(costs, limits, { shards, webhooks, queryMs, messagesPerEvent = 1 }) {
  const cost = eventCost(costs, webhooks);
  const ceilings = [
    {
      limit: `queue throughput (${limits.queue.messagesPerSecond} msg/s per queue)`,
      eventsPerS: (shards * limits.queue.messagesPerSecond) / messagesPerEvent,
    },
    {
      // A consumer invocation takes at least its CPU, 250 of them at once per queue. S1's CPU
      // per event (the request and the consumer) over-counts the consumer's: a low bound.
      limit: `consumer concurrency (${limits.queue.consumerConcurrency} per queue) / ingest CPU`,
      eventsPerS:
        costs.ingest.cpuMicros > 0
          ? (shards * limits.queue.consumerConcurrency * 1e6) / costs.ingest.cpuMicros
          : Number.POSITIVE_INFINITY,
    },
    {
      limit: `D1 single writer (${queryMs} ms a query, per database)`,
      eventsPerS:
        cost.d1Statements > 0
          ? (shards * (1000 / queryMs)) / cost.d1Statements
          : Number.POSITIVE_INFINITY,
    },
  ];
  const binding = ceilings.reduce((low, c) => (c.eventsPerS < low.eventsPerS ? c : low));
  return {
    shards,
    webhooks,
    cost,
    ceilings,
    binding: binding.limit,
    eventsPerS: binding.eventsPerS,
    deliveriesPerS: binding.eventsPerS * webhooks,
  };
}

/** The per-key ceilings no shard count raises: one wallet's events/s, one webhook's deliveries/s. */
export function perObject(costs, limits) {
  const rps = limits.durableObject.requestsPerSecond;
  return {
    walletEventsPerS: costs.ingest.objectCalls > 0 ? rps / costs.ingest.objectCalls : null,
    webhookDeliveriesPerS:
      costs.perDelivery.objectCalls > 0 ? rps / costs.perDelivery.objectCalls : null,
  };
}

/** Whether one consumer batch stays within the CPU and D1 query limits of an invocation. */
export function invocationChecks(costs, limits, { webhooks, batchSize }) {
  const cost = eventCost(costs, webhooks);
  const cpuMs = (batchSize * cost.cpuMicros) / 1000;
  return {
    batchCpuMs: cpuMs,
    cpuOk: cpuMs <= limits.workers.cpuMsPerInvocation,
    // The consumer's own statements: ingest only (the deliveries' mirror runs in the objects).
    batchQueries: batchSize * costs.ingest.d1Statements,
    queriesOk: batchSize * costs.ingest.d1Statements <= limits.d1.queriesPerInvocation,
  };
}
