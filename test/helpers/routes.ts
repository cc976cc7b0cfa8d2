/** A key-protected route: its method, its path as OpenAPI writes it, and a valid body. */
export interface KeyRoute {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  /** Operator-only: a wallet key gets 403. `{id}` is then a wallet id; otherwise a webhook id. */
  admin?: true;
}

/** Every route that needs a key, so the tenancy and OpenAPI suites cover each one. */
export const KEY_ROUTES: KeyRoute[] = [
  { method: "POST", path: "/v1/wallets", body: { name: "route table" }, admin: true },
  { method: "GET", path: "/v1/wallets", admin: true },
  { method: "GET", path: "/v1/wallets/{id}", admin: true },
  { method: "DELETE", path: "/v1/wallets/{id}", admin: true },
  { method: "POST", path: "/v1/wallets/{id}/api-keys", admin: true },
  { method: "GET", path: "/v1/wallets/{id}/api-keys", admin: true },
  { method: "DELETE", path: "/v1/wallets/{id}/api-keys/{keyId}", admin: true },
  { method: "POST", path: "/v1/wallets/{id}/signing-keys/rotate", admin: true },
  { method: "POST", path: "/v1/signing-keys/rotate" },
  { method: "POST", path: "/v1/webhooks", body: { url: "https://receiver.example.com/hook" } },
  { method: "GET", path: "/v1/webhooks" },
  { method: "GET", path: "/v1/webhooks/{id}" },
  { method: "PATCH", path: "/v1/webhooks/{id}", body: { description: "changed" } },
  { method: "DELETE", path: "/v1/webhooks/{id}" },
  { method: "GET", path: "/v1/webhooks/{id}/secret" },
  { method: "POST", path: "/v1/webhooks/{id}/secret/rotate" },
  { method: "POST", path: "/events/webhooks", body: { url: "https://receiver.example.com/hook" } },
  { method: "GET", path: "/events/webhooks" },
  { method: "GET", path: "/events/webhooks/{id}" },
  { method: "DELETE", path: "/events/webhooks/{id}" },
  { method: "GET", path: "/v1/webhooks/{id}/deliveries" },
  {
    method: "POST",
    path: "/v1/webhooks/{id}/recover",
    body: { since: new Date(Date.now() - 3_600_000).toISOString() },
  },
  { method: "POST", path: "/v1/webhooks/{id}/test", body: { eventType: "ConnectionUpdated" } },
  {
    method: "POST",
    path: "/v1/events",
    body: { type: "ConnectionUpdated", data: { state: "InvitationGenerated" } },
  },
  {
    method: "POST",
    path: "/v1/events/batch",
    body: { events: [{ type: "ConnectionUpdated", data: {} }] },
  },
  { method: "GET", path: "/v1/events" },
  { method: "GET", path: "/v1/stats" },
  { method: "GET", path: "/v1/event-types" },
  {
    method: "POST",
    path: "/v1/notify-targets/secret",
    body: { url: "https://receiver.example.com/offers/1" },
  },
  {
    method: "POST",
    path: "/v1/ingest/waltid",
    body: { id: "offer-1", type: "jwt_issue", timestamp: 1704067220000, data: { jwt: "eyJ" } },
  },
  {
    method: "POST",
    path: "/v1/ingest/acapy/topic/{topic}/",
    body: { connection_id: "c-1", state: "active" },
  },
];

/** The route's path with its placeholders filled in. */
export function pathOf(route: KeyRoute, ids: { id?: string; keyId?: string }): string {
  return route.path
    .replace("{id}", ids.id ?? "")
    .replace("{keyId}", ids.keyId ?? "")
    .replace("{topic}", "connections");
}

/** True when the path names one resource by id. */
export function takesId(route: KeyRoute): boolean {
  return route.path.includes("{id}");
}
