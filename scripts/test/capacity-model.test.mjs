// The capacity model's arithmetic (bench/capacity/model.mjs) on hand-made costs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  capacity,
  costsFrom,
  eventCost,
  invocationChecks,
  perObject,
  scenarioCosts,
} from "../../bench/capacity/model.mjs";

const LIMITS = {
  queue: { messagesPerSecond: 5000, consumerConcurrency: 250, maxBatchSize: 100 },
  durableObject: { requestsPerSecond: 1000 },
  d1: { queryMs: 1, queriesPerInvocation: 1000 },
  workers: { cpuMsPerInvocation: 30_000, cpuMsPerInvocationMax: 300_000 },
};

// S1: 2 statements and 0.5 object calls an event; S3 (10 webhooks): 12 statements an event.
const S1 = {
  cpuMicrosPerEvent: 1000,
  d1StatementsPerEvent: 2,
  d1CallsPerEvent: 1,
  d1RowsWrittenPerEvent: 3,
  objectCallsPerEvent: 0.5,
};
const S3 = {
  cpuMicrosPerEvent: 300, // per delivery: 3,000 µs an event with its 10 deliveries
  d1StatementsPerEvent: 12,
  d1CallsPerEvent: 3,
  d1RowsWrittenPerEvent: 23,
  objectCallsPerEvent: 2.5,
  webhooks: 10,
};

describe("capacity model", () => {
  const costs = costsFrom({ S1, S3 });

  it("splits S3's per-event cost into S1's ingest and a per-delivery share", () => {
    assert.deepEqual(costs.ingest, {
      cpuMicros: 1000,
      d1Statements: 2,
      d1Calls: 1,
      d1RowsWritten: 3,
      objectCalls: 0.5,
    });
    assert.deepEqual(costs.perDelivery, {
      cpuMicros: 200,
      d1Statements: 1,
      d1Calls: 0.2,
      d1RowsWritten: 2,
      objectCalls: 0.2,
    });
    assert.deepEqual(eventCost(costs, 3), {
      cpuMicros: 1600,
      d1Statements: 5,
      d1Calls: 1.6,
      d1RowsWritten: 9,
      objectCalls: 1.1,
    });
  });

  it("binds on D1 at one shard: 1,000 queries/s over 3 statements an event", () => {
    const c = capacity(costs, LIMITS, { shards: 1, webhooks: 1, queryMs: 1 });
    assert.match(c.binding, /^D1 single writer/);
    assert.equal(c.eventsPerS, 1000 / 3);
    assert.equal(c.deliveriesPerS, 1000 / 3);
    const byLimit = Object.fromEntries(c.ceilings.map((x) => [x.limit.split(" (")[0], x]));
    assert.equal(byLimit["queue throughput"].eventsPerS, 5000);
    assert.equal(byLimit["consumer concurrency"].eventsPerS, 250_000);
  });

  it("scales each ceiling with the shards and the fan-out with webhooks", () => {
    const c = capacity(costs, LIMITS, { shards: 16, webhooks: 10, queryMs: 0.5 });
    // D1: 16 x 2,000 queries/s over 12 statements an event.
    assert.equal(c.eventsPerS, (16 * 2000) / 12);
    assert.equal(c.deliveriesPerS, ((16 * 2000) / 12) * 10);
  });

  it("binds on the queue when D1 costs nothing and on queue messages per event", () => {
    const free = costsFrom({
      S1: { ...S1, d1StatementsPerEvent: 0 },
      S3: { ...S3, d1StatementsPerEvent: 0 },
    });
    const c = capacity(free, LIMITS, { shards: 4, webhooks: 1, queryMs: 1, messagesPerEvent: 2 });
    assert.match(c.binding, /^queue throughput/);
    assert.equal(c.eventsPerS, 10_000);
  });

  it("gives each wallet and webhook the object's request rate over its calls", () => {
    assert.deepEqual(perObject(costs, LIMITS), {
      walletEventsPerS: 2000,
      webhookDeliveriesPerS: 5000,
    });
  });

  it("checks a consumer batch against the CPU and query limits of an invocation", () => {
    assert.deepEqual(invocationChecks(costs, LIMITS, { webhooks: 1, batchSize: 100 }), {
      batchCpuMs: 120,
      cpuOk: true,
      batchQueries: 200,
      queriesOk: true,
    });
    assert.equal(invocationChecks(costs, LIMITS, { webhooks: 1, batchSize: 600 }).queriesOk, false);
  });

  it("reads medians of the valid runs from result lines and refuses results without S1 and S3", () => {
    const lines = [
      {
        scenario: "S1",
        runDetails: [
          { ...S1, d1StatementsPerEvent: 1 },
          { ...S1, d1StatementsPerEvent: 3 },
          { ...S1, d1StatementsPerEvent: 2 },
          { ...S1, d1StatementsPerEvent: 99, lost: 1 }, // not counted
        ],
      },
    ];
    assert.equal(scenarioCosts(lines).S1.d1StatementsPerEvent, 2);
    assert.throws(() => costsFrom(scenarioCosts(lines)), /S1 and S3/);
  });
});
