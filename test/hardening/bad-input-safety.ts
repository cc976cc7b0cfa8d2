import { HERALD_USER_AGENT } from "../../src/domain/signing/webhook-id";
import type { BadInput } from "./bad-input-catalog";
import { TYPE } from "./bad-input-catalog";

// Tenant-safety refusals (issue 11): delivery loops, Herald's reserved event types, and
// credentials the runtime could not send. Each is refused before anything is stored.

const event = { type: TYPE, data: { n: 1 } };
const LOOP = /looks like a delivery from Herald/;
const V1 = `v1,${btoa("x".repeat(32))}`;
const HERALD_ID = `evt_${"0a".repeat(16)}`;

const loops: BadInput[] = [
  {
    group: "loops",
    name: "webhook URL at the host the request reached Herald by",
    status: 400,
    detail: /The body is invalid/,
    request: () => ({ path: "/v1/webhooks", body: { url: "https://herald.test/v1/events" } }),
  },
  {
    group: "loops",
    name: "notify URL at Herald's own host",
    status: 400,
    ingest: true,
    request: () => ({
      path: "/v1/events",
      body: { ...event, notify: { url: "https://herald.test/v1/ingest/waltid" } },
    }),
  },
  {
    group: "loops",
    name: "event ingest with Herald's User-Agent",
    status: 400,
    ingest: true,
    detail: LOOP,
    request: () => ({
      path: "/v1/events",
      body: event,
      headers: { "user-agent": HERALD_USER_AGENT },
    }),
  },
  {
    group: "loops",
    name: "agent ingest with a Herald webhook-id and v1 signature",
    status: 400,
    ingest: true,
    detail: LOOP,
    request: () => ({
      path: "/v1/ingest/waltid",
      body: { type: "ISSUANCE_SESSION_UPDATE", data: {} },
      headers: { "webhook-id": HERALD_ID, "webhook-signature": V1, "webhook-timestamp": "1" },
    }),
  },
];

const reserved: BadInput[] = [
  {
    group: "reserved types",
    name: "ingest of a herald.* event",
    status: 400,
    ingest: true,
    detail: /The body is invalid/,
    request: () => ({ path: "/v1/events", body: { type: "herald.delivery.exhausted", data: {} } }),
  },
  {
    group: "reserved types",
    name: "batch carrying a Herald.* event",
    status: 400,
    ingest: true,
    request: () => ({
      path: "/v1/events/batch",
      body: { events: [event, { type: "Herald.webhook.disabled", data: {} }] },
    }),
  },
  {
    group: "reserved types",
    name: "test send of a herald.* type",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}/test`,
      body: { eventType: "herald.delivery.exhausted" },
    }),
  },
];

const credentials: BadInput[] = [
  {
    group: "credentials",
    name: "bearerToken with CR/LF on webhook create",
    status: 400,
    request: () => ({
      path: "/v1/webhooks",
      body: { url: "https://receiver.example.com/h", bearerToken: "t\r\nX-Evil: 1" },
    }),
  },
  {
    group: "credentials",
    name: "apiKey with NUL on webhook update",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}`,
      method: "PATCH",
      body: { apiKey: "key\u0000" },
    }),
  },
  {
    group: "credentials",
    name: "bearerToken with a zero-width space on webhook update",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}`,
      method: "PATCH",
      body: { bearerToken: "token\u200b" },
    }),
  },
  {
    group: "credentials",
    name: "notify bearerToken with LF",
    status: 400,
    ingest: true,
    request: () => ({
      path: "/v1/events",
      body: { ...event, notify: { url: "https://n.example.com/x", bearerToken: "a\nb" } },
    }),
  },
];

export const SAFETY_ROWS: BadInput[] = [...loops, ...reserved, ...credentials];
