import { createApp } from "../../src/app";

/** What a route's `{id}` (or `{name}`) names, so a suite can point it at one tenant's resource. */
export type Resource = "wallet" | "webhook" | "delivery" | "event" | "eventType" | "deadLetter";

/** A route as OpenAPI writes it: `GET /v1/webhooks/{id}` (a trailing slash is kept). */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
  path: string;
}

/** A key-protected route with what a suite needs to call it successfully. */
export interface KeyRoute extends Route {
  /** A valid body. */
  body?: unknown;
  /** Operator-only: a wallet key gets 403. */
  admin?: true;
  /** What the id in the path names; absent when the path names none. */
  resource?: Resource;
}

/** Hono's `/v1/webhooks/:id` (or `:file{.+}`) as OpenAPI's `/v1/webhooks/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
}

const nameOf = (route: Route) => `${route.method} ${route.path}`;

/** Every route the app serves, read from the app's own routing table (middleware left out). */
export function servedRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const r of createApp().routes) {
    if (r.method === "ALL") continue;
    const route = { method: r.method as Route["method"], path: openApiPath(r.path) };
    seen.set(nameOf(route), route);
  }
  return [...seen.values()];
}

/** Deliberately public: health, the API's own description (the document and its viewer), and the wallets' public keys (did:web documents, JWKS). */
export function isPublic(route: Route): boolean {
  return (
    route.method === "GET" &&
    (route.path === "/health" ||
      route.path === "/openapi.json" ||
      route.path === "/docs" ||
      route.path.startsWith("/docs/") ||
      route.path === "/portal" ||
      route.path === "/portal/*" ||
      PUBLIC_KEY_ROUTES.includes(route.path))
  );
}

/** The public key documents: anyone may read them, as did:web resolvers and JWKS clients do. */
export const PUBLIC_KEY_ROUTES = [
  "/.well-known/did.json",
  "/wallets/{walletId}/did.json",
  "/v1/wallets/{id}/jwks.json",
];

/**
 * The portal's own session routes: they exchange a key or a portal link for a session cookie, or
 * act on that cookie (test/api/portal-session.test.ts and portal-links.test.ts cover them).
 */
export const SESSION_ROUTES = [
  "POST /portal/session",
  "POST /portal/session/link",
  "GET /portal/session",
  "POST /portal/session/logout",
];

/** Authenticated by a signature over the body instead of a key (an API key is optional there). */
export const SIGNED_ROUTES = ["POST /v1/ingest/igrant"];

/** Served but left out of the OpenAPI document on purpose: an alias of a documented route. */
export const HIDDEN_ROUTES = [
  "POST /v1/ingest/acapy/topic/{topic}",
  "POST /cloud-agent/events/webhooks",
  "GET /cloud-agent/events/webhooks",
  "GET /cloud-agent/events/webhooks/{id}",
  "DELETE /cloud-agent/events/webhooks/{id}",
];

const RESOURCE_BY_PREFIX: [string, Resource][] = [
  ["/v1/wallets/{id}", "wallet"],
  ["/v1/webhooks/{id}", "webhook"],
  ["/events/webhooks/{id}", "webhook"],
  ["/cloud-agent/events/webhooks/{id}", "webhook"],
  ["/v1/deliveries/{id}", "delivery"],
  ["/v1/events/{id}", "event"],
  ["/v1/event-types/{name}", "eventType"],
  ["/v1/admin/dead-letters/{id}", "deadLetter"],
];

const acapyBody = { connection_id: "c-1", state: "active" };

/** Valid bodies, keyed by route; a route without one is still covered, with no body. */
export const ROUTE_BODIES: Record<string, unknown> = {
  "POST /v1/wallets": { name: "route table" },
  "PATCH /v1/wallets/{id}": { limits: { testSendsPerMinute: 30 }, igrantWebhookSecret: null },
  "POST /v1/webhooks": { url: "https://receiver.example.com/hook" },
  "PATCH /v1/webhooks/{id}": { description: "changed" },
  "POST /events/webhooks": { url: "https://receiver.example.com/hook" },
  "POST /cloud-agent/events/webhooks": { url: "https://receiver.example.com/hook" },
  "POST /v1/webhooks/{id}/recover": { since: new Date(Date.now() - 3_600_000).toISOString() },
  "POST /v1/webhooks/{id}/test": { eventType: "ConnectionUpdated" },
  "POST /v1/events": { type: "ConnectionUpdated", data: { state: "InvitationGenerated" } },
  "POST /v1/events/batch": { events: [{ type: "ConnectionUpdated", data: {} }] },
  "POST /v1/event-types": { name: "route.table", description: "A wallet's own type" },
  "POST /v1/notify-targets/secret": { url: "https://receiver.example.com/offers/1" },
  "POST /v1/ingest/identus": {
    id: "00000000-0000-4000-8000-00000000a11d",
    ts: "2026-01-01T00:00:00Z",
    type: "ConnectionUpdated",
    data: { state: "InvitationGenerated" },
  },
  "POST /v1/ingest/waltid": {
    id: "offer-1",
    type: "jwt_issue",
    timestamp: 1704067220000,
    data: { jwt: "eyJ" },
  },
  "POST /v1/ingest/acapy/topic/{topic}/": acapyBody,
  "POST /v1/ingest/acapy/topic/{topic}": acapyBody,
  "POST /v1/ingest/proven": {
    event: "credentials:done",
    webhook: { state: "done", cred_ex_id: "route-table" },
  },
};

/** Operator routes: a wallet key gets 403. */
const isAdminPath = (path: string) =>
  path.startsWith("/v1/wallets") || path.startsWith("/v1/admin");

/** Every route that needs a key, derived from the app: a new route is covered without a line here. */
export const KEY_ROUTES: KeyRoute[] = servedRoutes()
  .filter(
    (route) =>
      !isPublic(route) &&
      !SIGNED_ROUTES.includes(nameOf(route)) &&
      !SESSION_ROUTES.includes(nameOf(route)),
  )
  .map((route) => {
    const body = ROUTE_BODIES[nameOf(route)];
    const resource = RESOURCE_BY_PREFIX.find(([prefix]) => route.path.startsWith(prefix))?.[1];
    return {
      ...route,
      ...(body === undefined ? {} : { body }),
      ...(isAdminPath(route.path) ? { admin: true as const } : {}),
      ...(resource ? { resource } : {}),
    };
  });

/** The route's path with its placeholders filled in. */
export function pathOf(route: KeyRoute, ids: { id?: string; keyId?: string }): string {
  return route.path
    .replace(/\{(id|name)\}/, ids.id ?? "")
    .replace("{keyId}", ids.keyId ?? "")
    .replace("{topic}", "connections");
}

/** True when the path names one resource of a tenant by id. */
export function takesId(route: KeyRoute): boolean {
  return route.resource !== undefined;
}

/** "METHOD /path" */
export { nameOf as routeName };
