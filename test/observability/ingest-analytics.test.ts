import { describe, expect, it } from "vitest";
import { call, newWallet } from "../helpers/api";

/** A dataset that keeps what it is given, passed to the worker as its ANALYTICS binding. */
function fakeDataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  const dataset = { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p!) };
  return { points, env: { ANALYTICS: dataset as unknown as AnalyticsEngineDataset } };
}

const event = { type: "openid.credential.credential_issued", data: { n: 1 } };

describe("ingest requests in Analytics Engine", () => {
  it("an accepted event writes one point under the caller's wallet", async () => {
    const wallet = await newWallet();
    const { points, env } = fakeDataset();
    const response = await call("/v1/events", { key: wallet.apiKey, body: event, env });
    expect(response.status).toBe(202);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({
      indexes: [wallet.id],
      blobs: ["ingest", wallet.id, "", "/v1/events", "accepted"],
    });
    expect(points[0]!.doubles![0]).toBe(202);
    expect(points[0]!.doubles![1]).toEqual(expect.any(Number));
  });

  it("a refused request is counted too, as rejected, with no wallet", async () => {
    const { points, env } = fakeDataset();
    const response = await call("/v1/ingest/identus", { key: null, body: event, env });
    expect(response.status).toBe(401);
    expect(points).toHaveLength(1);
    expect(points[0]!.blobs).toEqual(["ingest", "", "", expect.any(String), "rejected"]);
    expect(points[0]!.doubles![0]).toBe(401);
  });

  it("reads are not ingest: GET /v1/events writes no point", async () => {
    const wallet = await newWallet();
    const { points, env } = fakeDataset();
    const response = await call("/v1/events", { key: wallet.apiKey, env });
    expect(response.status).toBe(200);
    expect(points).toHaveLength(0);
  });
});
