import { inject } from "vitest";

/** The Herald started for this run (test/node/setup/herald.ts). */
export const heraldUrl = () => inject("heraldUrl");
export const adminKey = () => inject("heraldAdminKey");

/** A JSON call to Herald's API with a key; throws on a non-2xx answer, with its problem body. */
export async function api<T = unknown>(
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${heraldUrl()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A new wallet with its own key, made with the admin key. */
export async function newWallet(
  name = "node test wallet",
): Promise<{ id: string; apiKey: string }> {
  return api("POST", "/v1/wallets", adminKey(), { name });
}
