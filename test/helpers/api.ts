import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../src/index";

export const ADMIN_KEY = "test-admin-key-0123456789";

export interface CallOptions {
  method?: string;
  key?: string | null;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
  /** Overrides for env vars: the request is handled by the worker with these settings. */
  env?: Partial<Env>;
}

/** Calls Herald's HTTP API in-process (the real worker, real D1, Queues and objects). */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  const key = options.key === undefined ? ADMIN_KEY : options.key;
  if (
    key !== null &&
    !headers.has("authorization") &&
    !headers.has("apikey") &&
    !headers.has("x-api-key")
  ) {
    headers.set("authorization", `Bearer ${key}`);
  }
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(`http://herald.test${path}`, {
    method: options.method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
  if (!options.env) return exports.default.fetch(request);
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...options.env } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Calls the API and parses the JSON answer, with the status alongside. */
export async function callJson<T = any>(
  path: string,
  options: CallOptions = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await call(path, options);
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
    headers: response.headers,
  };
}

/** A fresh wallet with its API key: every test makes its own tenant. */
export async function newWallet(name = "test wallet"): Promise<{ id: string; apiKey: string }> {
  const { status, body } = await callJson("/v1/wallets", { body: { name } });
  if (status !== 201) throw new Error(`wallet creation failed: ${status} ${JSON.stringify(body)}`);
  return { id: body.id, apiKey: body.apiKey };
}

/** Creates a webhook for a wallet key and returns the response body (with its secret). */
export async function newWebhook(
  apiKey: string,
  fields: Record<string, unknown> = {},
): Promise<any> {
  const { status, body } = await callJson("/v1/webhooks", {
    key: apiKey,
    body: { url: "https://receiver.example.com/hook", ...fields },
  });
  if (status !== 201) throw new Error(`webhook creation failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Asserts an RFC 9457 problem answer with this status and returns its body. */
export async function expectProblem(response: Response, status: number): Promise<any> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json<any>();
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  return body;
}

/** How many webhooks D1 holds (all wallets and global), to prove a refused request created none. */
export async function countWebhooks(): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhooks").first<{ n: number }>();
  return row!.n;
}
