import { ADMIN_KEY } from "../helpers/api";
import type { BadInput } from "./bad-input-catalog";

// Refusals of the wallet limits (README, "Limits"): retry schedules under the production
// minimum, malformed limit overrides, and quotas reached. The suite runs with a 1 s retry
// minimum, so the minimum's rows pass the production setting through the request's env; the
// quota rows lower the default the same way (wallet A holds one webhook and no event types).

const production = (vars: Record<string, string | undefined>) => vars as Partial<Env>;
const MIN_RETRY = production({ RETRY_MIN_DELAY_SECONDS: undefined });

const retryMinimum: BadInput[] = (
  [
    ["a 1 s delay", [1]],
    ["a 4 s delay after a 5 s one", [5, 4]],
    ["a 2 s delay among long ones", [3600, 2, 3600]],
  ] as [string, number[]][]
).flatMap(([name, schedule]): BadInput[] => [
  {
    group: "retry minimum",
    name: `${name} on create`,
    status: 400,
    detail: /invalid/,
    request: () => ({
      path: "/v1/webhooks",
      body: { url: "https://receiver.example.com/x", retry: { schedule } },
      env: MIN_RETRY,
    }),
  },
  {
    group: "retry minimum",
    name: `${name} on update`,
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}`,
      method: "PATCH",
      body: { retry: { schedule } },
      env: MIN_RETRY,
    }),
  },
]);

const overrides: BadInput[] = (
  [
    ["a negative webhook limit", { webhooks: -1 }],
    ["a fractional limit", { eventTypes: 1.5 }],
    ["a limit given as a string", { webhooks: "10" }],
    ["an unknown limit", { webhookz: 10 }],
    ["an ingest rate of 0", { ingestPerSecond: 0 }],
    ["more stream listeners than an object holds", { streamListeners: 201 }],
    ["an excerpt under 1 KiB", { attemptExcerptBytes: 512 }],
    ["an excerpt over 16 KiB", { attemptExcerptBytes: 16_385 }],
    ["limits that are not an object", [1, 2]],
  ] as [string, unknown][]
).map(
  ([name, limits]): BadInput => ({
    group: "limit overrides",
    name,
    status: 400,
    request: (f) => ({
      path: `/v1/wallets/${f.a.id}`,
      method: "PATCH",
      key: ADMIN_KEY,
      body: { limits },
    }),
  }),
);

const quotas: BadInput[] = [
  {
    group: "limit overrides",
    name: "a body without limits",
    status: 400,
    request: (f) => ({ path: `/v1/wallets/${f.a.id}`, method: "PATCH", key: ADMIN_KEY, body: {} }),
  },
  {
    group: "limit overrides",
    name: "overrides for a wallet Herald does not have",
    status: 404,
    request: () => ({
      path: "/v1/wallets/00000000-0000-4000-8000-00000000dead",
      method: "PATCH",
      key: ADMIN_KEY,
      body: { limits: { webhooks: 5 } },
    }),
  },
  {
    group: "quota",
    name: "a webhook past the wallet's webhook quota",
    status: 409,
    detail: /at most 1 webhooks/,
    request: () => ({
      path: "/v1/webhooks",
      body: { url: "https://receiver.example.com/x" },
      env: production({ LIMIT_WEBHOOKS: "1" }),
    }),
  },
  {
    group: "quota",
    name: "an Identus webhook past the wallet's webhook quota",
    status: 409,
    request: () => ({
      path: "/events/webhooks",
      body: { url: "https://receiver.example.com/x" },
      env: production({ LIMIT_WEBHOOKS: "1" }),
    }),
  },
  {
    group: "quota",
    name: "an event type past the wallet's event-type quota",
    status: 409,
    detail: /at most 0 event types/,
    request: () => ({
      path: "/v1/event-types",
      body: { name: "acme.over", description: "one too many" },
      env: production({ LIMIT_EVENT_TYPES: "0" }),
    }),
  },
];

/** Every limit refusal of the catalog. */
export const LIMIT_ROWS: BadInput[] = [...retryMinimum, ...overrides, ...quotas];
