import { exports } from "cloudflare:workers";

/**
 * A fetch that reaches this Worker in-process, whatever the host: what web-did-resolver's
 * `cross-fetch` is replaced with (`vi.mock("cross-fetch", …)` in the files that resolve), so
 * `https://<host>/…/did.json` is answered by the real app. Kept apart from helpers/did.ts,
 * which imports the resolver: the mock's factory must not import what it mocks.
 */
export function workerFetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(url, { method: init?.method ?? "GET" }));
}
