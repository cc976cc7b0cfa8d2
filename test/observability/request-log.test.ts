import { afterEach, describe, expect, it, vi } from "vitest";
import { call, newWallet } from "../helpers/api";
import { everyShard } from "../helpers/queue";

afterEach(() => vi.restoreAllMocks());

/** A queue that refuses everything, as Queues does in an outage. */
const refusingQueue = {
  send: async () => {
    throw new Error("queue unavailable");
  },
  sendBatch: async () => {
    throw new Error("queue unavailable");
  },
} as unknown as Queue;

describe("ingest log lines", () => {
  it("a refused ingest logs one error line carrying the request id the client was given", async () => {
    const wallet = await newWallet();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await call("/v1/events", {
      key: wallet.apiKey,
      body: { type: "openid.credential.credential_issued", data: {} },
      env: { ...everyShard(refusingQueue) },
    });
    expect(response.status).toBe(503);
    const lines = errors.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toEqual([
      {
        level: "error",
        msg: "queue refused events",
        requestId: response.headers.get("x-request-id"),
        count: 1,
        error: "Error: queue unavailable",
      },
    ]);
  });
});
