import { afterEach, describe, expect, it, vi } from "vitest";
import { call, expectProblem, newWallet, newWebhook } from "../helpers/api";

const MIB = 1024 * 1024;

/** A request body of `bytes` bytes that arrives as a stream, with no Content-Length (chunked on the wire). */
function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
      sent += part.length;
      controller.enqueue(part);
    },
  });
}

/** A webhook whose secrets were sealed under another ENCRYPTION_KEY: reading its secret fails inside Herald. */
async function webhookUnderAnotherKey(apiKey: string): Promise<string> {
  const otherKey = btoa("another-32-byte-encryption-key!!");
  const response = await call("/v1/webhooks", {
    key: apiKey,
    body: { url: "https://receiver.example.com/x" },
    env: { ENCRYPTION_KEY: otherKey },
  });
  expect(response.status).toBe(201);
  return (await response.json<{ id: string }>()).id;
}

interface ErrorCase {
  name: string;
  status: number;
  request: (apiKey: string) => Promise<Response>;
}

const ERRORS: ErrorCase[] = [
  {
    name: "invalid input",
    status: 400,
    request: (key) => call("/v1/webhooks", { key, body: { url: "ftp://x.example.com" } }),
  },
  {
    name: "malformed JSON",
    status: 400,
    request: (key) =>
      call("/v1/webhooks", { key, raw: "{url:", headers: { "content-type": "application/json" } }),
  },
  { name: "no key", status: 401, request: () => call("/v1/webhooks", { key: null }) },
  {
    name: "a wallet key on an admin route",
    status: 403,
    request: (key) => call("/v1/wallets", { key }),
  },
  { name: "an unknown route", status: 404, request: () => call("/no/such/route", { key: null }) },
  {
    name: "an unknown webhook",
    status: 404,
    request: (key) => call("/v1/webhooks/0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d", { key }),
  },
  {
    name: "a body over 1 MiB",
    status: 413,
    request: (key) =>
      call("/v1/webhooks", {
        key,
        raw: "x".repeat(MIB + 1),
        headers: { "content-type": "application/json" },
      }),
  },
  {
    name: "a text/plain body",
    status: 415,
    request: (key) =>
      call("/v1/webhooks", { key, raw: "{}", headers: { "content-type": "text/plain" } }),
  },
  {
    name: "a failure inside Herald",
    status: 500,
    request: async (key) =>
      call(`/v1/webhooks/${await webhookUnderAnotherKey(key)}/secret`, { key }),
  },
  {
    name: "a misconfigured deployment",
    status: 503,
    request: (key) => call("/v1/webhooks", { key, env: { ENCRYPTION_KEY: "too-short" } }),
  },
];

describe("errors as RFC 9457 problems", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(ERRORS)(
    "answers $name with a problem document and no stack trace",
    async ({ status, request }) => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      const wallet = await newWallet();
      const response = await request(wallet.apiKey);
      const text = await response.clone().text();
      const problem = await expectProblem(response, status);
      expect(problem.type).toMatch(/^urn:herald:problem:[a-z-]+$/);
      expect(problem).not.toHaveProperty("stack");
      expect(text).not.toMatch(/\bat .+:\d+:\d+|Error:|node_modules|src\//);
      expect(problem.requestId).toEqual(expect.any(String));
      expect(response.headers.get("x-request-id")).toBe(problem.requestId);
    },
  );

  it("logs an unexpected failure once, with the request id", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const wallet = await newWallet();
    const id = await webhookUnderAnotherKey(wallet.apiKey);
    const problem = await expectProblem(
      await call(`/v1/webhooks/${id}/secret`, { key: wallet.apiKey }),
      500,
    );
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![0])).toContain(problem.requestId);
  });
});

describe("request bodies", () => {
  it("refuses malformed JSON with 400", async () => {
    const wallet = await newWallet();
    const problem = await expectProblem(
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        raw: "not json",
        headers: { "content-type": "application/json" },
      }),
      400,
    );
    expect(problem.detail).toMatch(/JSON/);
  });

  it("refuses truncated JSON with 400", async () => {
    const wallet = await newWallet();
    const raw = '{"url": "https://receiver.example.com/ho';
    await expectProblem(
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        raw,
        headers: { "content-type": "application/json" },
      }),
      400,
    );
  });

  it("refuses a JSON body that is not an object with 400", async () => {
    const wallet = await newWallet();
    const problem = await expectProblem(
      await call("/v1/webhooks", { key: wallet.apiKey, body: ["https://receiver.example.com"] }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ path: "(root)" })]);
  });

  it("refuses a text/plain body with 415", async () => {
    const wallet = await newWallet();
    const raw = JSON.stringify({ url: "https://receiver.example.com/x" });
    await expectProblem(
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        raw,
        headers: { "content-type": "text/plain" },
      }),
      415,
    );
  });

  it("refuses a body without a content type with 415", async () => {
    const wallet = await newWallet();
    // Bytes, not a string: a string body would get text/plain added by the Request constructor.
    const raw = new TextEncoder().encode(JSON.stringify({ url: "https://receiver.example.com/x" }));
    const response = await call("/v1/webhooks", { method: "POST", key: wallet.apiKey, raw });
    await expectProblem(response, 415);
  });

  it("refuses a body over 1 MiB that declares its Content-Length with 413", async () => {
    const wallet = await newWallet();
    const raw = JSON.stringify({
      url: "https://receiver.example.com/x",
      description: "x".repeat(MIB),
    });
    const response = await call("/v1/webhooks", {
      key: wallet.apiKey,
      raw,
      headers: { "content-type": "application/json" },
    });
    await expectProblem(response, 413);
  });

  it("refuses a chunked body over 1 MiB with 413, counting the bytes as they arrive", async () => {
    const wallet = await newWallet();
    const response = await call("/v1/webhooks", {
      method: "POST",
      key: wallet.apiKey,
      raw: chunkedBody(MIB + 1),
      headers: { "content-type": "application/json" },
    });
    const problem = await expectProblem(response, 413);
    expect(problem.detail).toMatch(/larger than/);
  });

  it("reads a chunked body under the limit normally", async () => {
    const wallet = await newWallet();
    const json = new TextEncoder().encode(
      JSON.stringify({ url: "https://receiver.example.com/chunked" }),
    );
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(json);
        controller.close();
      },
    });
    const response = await call("/v1/webhooks", {
      method: "POST",
      key: wallet.apiKey,
      raw: stream,
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(201);
  });
});

describe("request ids and liveness", () => {
  it("puts an x-request-id on every response, success or failure", async () => {
    const wallet = await newWallet();
    const webhook = await newWebhook(wallet.apiKey);
    const responses = [
      await call("/health", { key: null }),
      await call("/v1/webhooks", { key: wallet.apiKey }),
      await call(`/v1/webhooks/${webhook.id}`, { method: "DELETE", key: wallet.apiKey }),
      await call("/v1/webhooks", { key: null }),
      await call("/nowhere", { key: null }),
    ];
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^[\w-]{8,}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps the caller's x-request-id", async () => {
    const response = await call("/v1/webhooks", {
      key: null,
      headers: { "x-request-id": "trace-abc-123" },
    });
    const problem = await expectProblem(response, 401);
    expect(response.headers.get("x-request-id")).toBe("trace-abc-123");
    expect(problem.requestId).toBe("trace-abc-123");
  });

  it("answers GET /health with 200 and no key", async () => {
    const response = await call("/health", { key: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      service: "herald",
      version: expect.any(String),
    });
  });
});
