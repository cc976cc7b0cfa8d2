import { describe, expect, it } from "vitest";
import {
  analyticsDataset,
  ingestOutcome,
  writeAttemptPoint,
  writeIngestPoint,
} from "../../src/observability/analytics";

/** A dataset that keeps what it is given: the writer takes the dataset as a parameter. */
function fakeDataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p!) };
}

describe("Analytics Engine points", () => {
  it("an attempt is indexed by webhook with kind, wallet, webhook, type and outcome as blobs", () => {
    const dataset = fakeDataset();
    writeAttemptPoint(dataset, {
      walletId: "wallet-1",
      webhookId: "wh_1",
      eventType: "ConnectionUpdated",
      outcome: "retry",
      statusCode: 503,
      durationMs: 42,
      attempt: 3,
    });
    expect(dataset.points).toEqual([
      {
        indexes: ["wh_1"],
        blobs: ["attempt", "wallet-1", "wh_1", "ConnectionUpdated", "retry"],
        doubles: [503, 42, 3],
      },
    ]);
  });

  it("an attempt without an answer has status 0", () => {
    const dataset = fakeDataset();
    writeAttemptPoint(dataset, {
      walletId: null,
      webhookId: "wh_2",
      eventType: "t",
      outcome: "failed",
      statusCode: null,
      durationMs: 5000,
      attempt: 1,
    });
    expect(dataset.points[0]).toMatchObject({
      blobs: ["attempt", "", "wh_2", "t", "failed"],
      doubles: [0, 5000, 1],
    });
  });

  it("an ingest request is indexed by wallet with its route and outcome", () => {
    const dataset = fakeDataset();
    writeIngestPoint(dataset, {
      walletId: "wallet-1",
      route: "/v1/events",
      statusCode: 202,
      durationMs: 7,
    });
    writeIngestPoint(dataset, {
      walletId: null,
      route: "/v1/events",
      statusCode: 401,
      durationMs: 1,
    });
    expect(dataset.points).toEqual([
      {
        indexes: ["wallet-1"],
        blobs: ["ingest", "wallet-1", "", "/v1/events", "accepted"],
        doubles: [202, 7],
      },
      { indexes: [""], blobs: ["ingest", "", "", "/v1/events", "rejected"], doubles: [401, 1] },
    ]);
  });

  it("ingest outcomes follow the status class", () => {
    expect([200, 202, 400, 413, 500, 503].map(ingestOutcome)).toEqual([
      "accepted",
      "accepted",
      "rejected",
      "rejected",
      "error",
      "error",
    ]);
  });

  it("is a no-op when the binding is missing, and a refusing dataset does not throw", () => {
    expect(analyticsDataset({})).toBeUndefined();
    const refuse = {
      writeDataPoint: () => {
        throw new Error("quota");
      },
    };
    expect(() =>
      writeIngestPoint(refuse, { walletId: null, route: "/", statusCode: 200, durationMs: 0 }),
    ).not.toThrow();
    expect(() =>
      writeIngestPoint(undefined, { walletId: null, route: "/", statusCode: 200, durationMs: 0 }),
    ).not.toThrow();
  });
});
