// Cloudflare's published limits the capacity model (bench/capacity.mjs) holds Herald's measured
// costs against, each with the page it comes from (Cloudflare's developer documentation, as
// read in December 2026). Change a figure here when the page changes; nothing else has one.

export const PLATFORM_LIMITS = {
  queue: {
    /** Messages per second one queue accepts and delivers (Queues > Platform > Limits: "Per-queue message throughput 5,000 messages per second"). */
    messagesPerSecond: 5_000,
    /** Concurrent consumer invocations per queue (Queues > Platform > Limits: "Concurrent consumer invocations 250"). */
    consumerConcurrency: 250,
    /** Largest consumer batch (Queues > Platform > Limits: "Maximum consumer batch size 100 messages"). */
    maxBatchSize: 100,
  },
  durableObject: {
    /** Requests per second one object handles: a soft limit, "around 1,000" (Durable Objects > Platform > Limits, and the FAQ "How much work can a single Durable Object do?"). */
    requestsPerSecond: 1_000,
  },
  d1: {
    /**
     * D1 runs one query at a time per database (D1 > Platform > Limits, FAQ "How much work can a
     * single D1 database do?": queries/s = 1 / query time; "if your average query takes 1 ms,
     * you can run approximately 1,000 queries per second"). The model's default query time is
     * that 1 ms: a local bench cannot measure D1's own (pass --d1-query-ms to change it).
     */
    queryMs: 1,
    /** Queries one Worker invocation may run (D1 > Platform > Limits: 1,000 on Workers Paid). */
    queriesPerInvocation: 1_000,
  },
  workers: {
    /** CPU time per invocation: 30 s by default, up to 5 min when configured (Workers > Platform > Limits, Workers Paid; a queue consumer and a Durable Object request alike). */
    cpuMsPerInvocation: 30_000,
    cpuMsPerInvocationMax: 300_000,
  },
};

/** Shard counts the model prints (QUEUE_SHARDS queues and as many D1 databases). */
export const SHARD_COUNTS = [1, 4, 16];
