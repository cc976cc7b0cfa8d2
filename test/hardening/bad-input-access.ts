import { ADMIN_KEY } from "../helpers/api";
import { type BadInput, type Fixtures, TYPE } from "./bad-input-catalog";

// Keys, other wallets' ids in every path, SQL metacharacters in every filter, idempotency.

const SQL = "' OR '1'='1' --";
const q = encodeURIComponent(SQL);

const keys: BadInput[] = [
  {
    group: "keys",
    name: "no key",
    status: 401,
    request: () => ({ path: "/v1/webhooks", key: null }),
  },
  {
    group: "keys",
    name: "a forged key",
    status: 401,
    request: () => ({ path: "/v1/webhooks", key: "hwk_forged0000000000000000000000000000000000" }),
  },
  {
    group: "keys",
    name: "a revoked key",
    status: 401,
    request: (f) => ({ path: "/v1/webhooks", key: f.revokedKey }),
  },
  {
    group: "keys",
    name: "the key of a deleted wallet (expired)",
    status: 401,
    request: (f) => ({ path: "/v1/webhooks", key: f.deletedWalletKey }),
  },
  {
    group: "keys",
    name: "a forged key on ingest",
    status: 401,
    ingest: true,
    request: () => ({
      path: "/v1/events",
      key: "hwk_forged0000000000000000000000000000000000",
      body: { type: TYPE, data: {} },
    }),
  },
  {
    group: "keys",
    name: "a revoked key on ingest",
    status: 401,
    ingest: true,
    request: (f) => ({ path: "/v1/events", key: f.revokedKey, body: { type: TYPE, data: {} } }),
  },
  {
    group: "keys",
    name: "Basic credentials instead of a key",
    status: 401,
    request: () => ({
      path: "/v1/webhooks",
      key: null,
      headers: { authorization: `Basic ${btoa("admin:admin")}` },
    }),
  },
  {
    group: "keys",
    name: "a Bearer value with two tokens",
    status: 401,
    request: (f) => ({
      path: "/v1/webhooks",
      key: null,
      headers: { authorization: `Bearer ${f.a.apiKey} extra` },
    }),
  },
  {
    group: "keys",
    name: "the admin key with a character changed",
    status: 401,
    request: () => ({ path: "/v1/wallets", key: `${ADMIN_KEY.slice(0, -1)}X` }),
  },
  {
    group: "keys",
    name: "a 100 KB key",
    status: 401,
    request: () => ({ path: "/v1/webhooks", key: "k".repeat(100_000) }),
  },
  {
    group: "keys",
    name: "a wallet key on an admin route",
    status: 403,
    request: () => ({ path: "/v1/wallets", body: { name: "mine now" } }),
  },
  {
    group: "keys",
    name: "a wallet key naming another wallet on ingest",
    status: 403,
    ingest: true,
    request: (f) => ({ path: "/v1/events", body: { type: TYPE, data: {}, walletId: f.b.id } }),
  },
  {
    group: "keys",
    name: "a wallet key creating a webhook for another wallet",
    status: 403,
    request: (f) => ({
      path: "/v1/webhooks",
      body: { url: "https://receiver.example.com/x", walletId: f.b.id },
    }),
  },
  ...["apiKey", "api_key", "token", "access_token", "key"].map(
    (param): BadInput => ({
      group: "keys",
      name: `a key in the query string (?${param}=)`,
      status: 400,
      ingest: param === "apiKey",
      request: (f) => ({
        path: `/v1/${param === "apiKey" ? "events" : "webhooks"}?${param}=${encodeURIComponent(f.a.apiKey)}`,
        key: null,
        ...(param === "apiKey" ? { body: { type: TYPE, data: {} } } : {}),
      }),
    }),
  ),
];

/** Wallet B's resources, asked for with wallet A's key: 404 every time, and B's stay as they were. */
const otherWallets: BadInput[] = (
  [
    ["GET", "/v1/webhooks/{hook}"],
    ["PATCH", "/v1/webhooks/{hook}", { enabled: false, url: "https://attacker.example.com/steal" }],
    ["DELETE", "/v1/webhooks/{hook}"],
    ["GET", "/v1/webhooks/{hook}/secret"],
    ["POST", "/v1/webhooks/{hook}/secret/rotate", {}],
    ["GET", "/v1/webhooks/{hook}/deliveries"],
    ["POST", "/v1/webhooks/{hook}/recover", { since: "{since}" }],
    ["POST", "/v1/webhooks/{hook}/test", { eventType: "ConnectionUpdated" }],
    ["GET", "/v1/events/{event}"],
    ["GET", "/v1/deliveries/{delivery}"],
    ["POST", "/v1/deliveries/{delivery}/retry"],
    ["GET", "/events/webhooks/{hook}"],
    ["DELETE", "/events/webhooks/{hook}"],
    ["GET", "/v1/event-types/{type}"],
    ["DELETE", "/v1/event-types/{type}"],
  ] as [string, string, Record<string, unknown>?][]
).map(([method, template, body]): BadInput => {
  const fill = (f: Fixtures, text: string) =>
    text
      .replace("{hook}", f.b.hookId)
      .replace("{event}", f.b.eventId)
      .replace("{delivery}", f.b.deliveryId)
      .replace("{type}", f.b.typeName)
      .replace("{since}", new Date(Date.now() - 3_600_000).toISOString());
  return {
    group: "other wallet's id",
    name: `${method} ${template}`,
    status: 404,
    ingest: template.endsWith("/test"),
    request: (f) => ({
      path: fill(f, template),
      method,
      ...(body ? { body: JSON.parse(fill(f, JSON.stringify(body))) } : {}),
    }),
  };
});

/** Filters with SQL metacharacters: refused where the filter has a shape, matched literally (nothing) where it is free text. */
const filters: BadInput[] = [
  {
    group: "SQL in a filter",
    name: "delivery log ?status=",
    status: 400,
    request: (f) => ({ path: `/v1/webhooks/${f.a.hookId}/deliveries?status=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "delivery log ?since=",
    status: 400,
    request: (f) => ({ path: `/v1/webhooks/${f.a.hookId}/deliveries?since=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "delivery log ?until=",
    status: 400,
    request: (f) => ({ path: `/v1/webhooks/${f.a.hookId}/deliveries?until=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "delivery log ?cursor=",
    status: 400,
    request: (f) => ({ path: `/v1/webhooks/${f.a.hookId}/deliveries?cursor=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "delivery log ?eventType= (free text: matches nothing)",
    status: 200,
    request: (f) => ({ path: `/v1/webhooks/${f.a.hookId}/deliveries?eventType=${q}` }),
    check: (body) => {
      if (body.data.length !== 0)
        throw new Error(`eventType=${SQL} matched ${body.data.length} deliveries`);
    },
  },
  {
    group: "SQL in a filter",
    name: "event log ?type=",
    status: 400,
    request: () => ({ path: `/v1/events?type=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "event log ?cursor=",
    status: 400,
    request: () => ({ path: `/v1/events?cursor=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "event log ?walletId= (admin)",
    status: 400,
    request: () => ({ path: `/v1/events?walletId=${q}`, key: ADMIN_KEY }),
  },
  {
    group: "SQL in a filter",
    name: "event stream ?type=",
    status: 400,
    request: () => ({ path: `/v1/events/stream?type=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "event stream Last-Event-ID",
    status: 400,
    request: () => ({ path: "/v1/events/stream", headers: { "last-event-id": SQL } }),
  },
  {
    group: "SQL in a filter",
    name: "event types ?source=",
    status: 400,
    request: () => ({ path: `/v1/event-types?source=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "event types ?walletId= (admin)",
    status: 400,
    request: () => ({ path: `/v1/event-types?walletId=${q}`, key: ADMIN_KEY }),
  },
  {
    group: "SQL in a filter",
    name: "stats ?since=",
    status: 400,
    request: () => ({ path: `/v1/stats?since=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "stats ?until=",
    status: 400,
    request: () => ({ path: `/v1/stats?until=${q}` }),
  },
  {
    group: "SQL in a filter",
    name: "webhook list ?walletId= (admin, free text: no such wallet)",
    status: 400,
    request: () => ({ path: `/v1/webhooks?walletId=${q}`, key: ADMIN_KEY }),
  },
  {
    group: "SQL in a path",
    name: "GET /v1/webhooks/{id} with SQL for the id",
    status: 404,
    request: () => ({ path: `/v1/webhooks/${q}` }),
  },
  {
    group: "SQL in a path",
    name: "GET /v1/wallets/{id} with SQL for the id (admin)",
    status: 404,
    request: () => ({ path: `/v1/wallets/${q}`, key: ADMIN_KEY }),
  },
  {
    group: "SQL in a path",
    name: "GET /v1/events/{id} with SQL for the id",
    status: 404,
    request: () => ({ path: `/v1/events/${q}` }),
  },
];

const idempotency: BadInput[] = [
  {
    group: "idempotency",
    name: "the seed's id with another body",
    status: 409,
    ingest: true,
    request: (f) => ({
      path: "/v1/events",
      body: { id: f.a.seedEventId, type: TYPE, data: { v: 2 } },
    }),
  },
  {
    group: "idempotency",
    name: "the seed's id with another type",
    status: 409,
    ingest: true,
    request: (f) => ({
      path: "/v1/events",
      body: { id: f.a.seedEventId, type: "ConnectionUpdated", data: { v: 1 } },
    }),
  },
  {
    group: "idempotency",
    name: "a batch whose second event reuses the seed's id with another body",
    status: 409,
    ingest: true,
    request: (f) => ({
      path: "/v1/events/batch",
      body: {
        events: [
          { type: TYPE, data: { fresh: true } },
          { id: f.a.seedEventId, type: TYPE, data: { v: 3 } },
        ],
      },
    }),
  },
  {
    group: "idempotency",
    name: "a batch with one new id twice, with two bodies",
    status: 409,
    ingest: true,
    request: () => ({
      path: "/v1/events/batch",
      body: {
        events: [
          { id: "twice-1", type: TYPE, data: { v: 1 } },
          { id: "twice-1", type: TYPE, data: { v: 2 } },
        ],
      },
    }),
  },
];

export const ACCESS_ROWS: BadInput[] = [...keys, ...otherWallets, ...filters, ...idempotency];
