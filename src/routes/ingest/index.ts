import { createRoute, OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { fromAcapy } from "../../domain/agent-events/acapy";
import { fromIdentus } from "../../domain/agent-events/identus";
import { fromIgrant } from "../../domain/agent-events/igrant";
import { fromProven } from "../../domain/agent-events/proven";
import type { AgentEvent } from "../../domain/agent-events/types";
import { fromWaltid } from "../../domain/agent-events/waltid";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import { requireIgrantSignature } from "../../middleware/igrant-signature";
import {
  errorResponses,
  jsonBody,
  jsonContent,
  keySecurity,
  problemOf,
} from "../../schemas/common";
import { acceptEvents } from "../../services/ingest";
import { ingestDeps } from "../events";
import {
  AcapyHeaders,
  AcapyRecordBody,
  AcapyTopicParam,
  AcceptedAgentEvent,
  IdentusNotificationBody,
  IgrantNotificationBody,
  ProvenCallBody,
  WaltidNotificationBody,
} from "./schemas";

const responses = {
  202: jsonContent(AcceptedAgentEvent, "Accepted: the queue holds the event"),
  200: jsonContent(AcceptedAgentEvent, "A repeat of an accepted call: nothing re-sent"),
  ...errorResponses,
  403: problemOf("The agent names a wallet the API key does not belong to"),
  409: problemOf("The event id was already used with another body"),
  413: problemOf("Event over 100 KiB or request over 1 MiB"),
  429: problemOf("Over the wallet's ingest rate; retry after Retry-After"),
  503: problemOf(
    "The queue refused the event (retry after Retry-After), or iGrant ingest is not configured",
  ),
} satisfies RouteConfig["responses"];
const base = { method: "post" as const, tags: ["Agent ingest"], responses };

/** Hands one mapped event to the one ingest path; 202 when new, 200 for a repeat. */
async function accept(c: Context<AppEnv>, event: AgentEvent, walletField = "walletId") {
  const [result] = await acceptEvents(ingestDeps(c), c.var.principal, [event], walletField);
  return {
    id: result!.id,
    status: result!.status === "accepted" ? (202 as const) : (200 as const),
  };
}

/** The agents' own webhook calls: point an agent's webhook URL here and its events fan out unchanged. */
export const ingestRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
ingestRoutes.openAPIRegistry.registerComponent("securitySchemes", "igrantSignature", {
  type: "apiKey",
  in: "header",
  name: "X-iGrant-Signature",
  description:
    't=<ISO timestamp>,sig=<hex HMAC-SHA256 of "{t}.{raw body}"> keyed with IGRANT_WEBHOOK_SECRET',
});

ingestRoutes.openapi(
  createRoute({
    ...base,
    path: "/identus",
    operationId: "ingestIdentus",
    summary: "Identus Cloud Agent notification",
    security: keySecurity,
    middleware: [requireKey({ ingest: true })] as const,
    request: { body: jsonBody(IdentusNotificationBody) },
  }),
  async (c) => {
    const notification = c.req.valid("json");
    const event = fromIdentus(notification);
    const { id, status } = await accept(c, event);
    return c.json({ id }, status);
  },
);

ingestRoutes.openapi(
  createRoute({
    ...base,
    path: "/waltid",
    operationId: "ingestWaltid",
    summary: "walt.id Issuer2 notification",
    security: keySecurity,
    middleware: [requireKey({ ingest: true })] as const,
    request: { body: jsonBody(WaltidNotificationBody) },
  }),
  async (c) => {
    const { id, status } = await accept(c, await fromWaltid(c.req.valid("json")));
    return c.json({ id }, status);
  },
);

// ACA-Py posts to `{url}/topic/{topic}/`; the address without the slash is taken too (hidden
// from the reference), since Hono's routing is strict and hand-written clients drop it.
for (const [path, hide] of [
  ["/acapy/topic/{topic}/", false],
  ["/acapy/topic/{topic}", true],
] as const) {
  ingestRoutes.openapi(
    createRoute({
      ...base,
      path,
      hide,
      operationId: "ingestAcapy",
      summary: "ACA-Py webhook call (one topic's record)",
      security: keySecurity,
      middleware: [requireKey({ ingest: true })] as const,
      request: { params: AcapyTopicParam, headers: AcapyHeaders, body: jsonBody(AcapyRecordBody) },
    }),
    async (c) => {
      const { topic } = c.req.valid("param");
      const event = await fromAcapy(
        topic,
        c.req.valid("json"),
        c.req.valid("header")["x-wallet-id"],
      );
      const { id, status } = await accept(c, event, "X-Wallet-Id");
      return c.json({ id }, status);
    },
  );
}

ingestRoutes.openapi(
  createRoute({
    ...base,
    path: "/proven",
    operationId: "ingestProven",
    summary: "Proven webhook call ({event, webhook})",
    security: keySecurity,
    middleware: [requireKey()] as const,
    request: { body: jsonBody(ProvenCallBody) },
  }),
  async (c) => {
    const { id, status } = await accept(c, await fromProven(c.req.valid("json")));
    return c.json({ id }, status);
  },
);

ingestRoutes.openapi(
  createRoute({
    ...base,
    path: "/igrant",
    operationId: "ingestIgrant",
    summary: "iGrant.io notification (signed; an API key is optional and picks the wallet)",
    security: [{ igrantSignature: [] }],
    middleware: [requireIgrantSignature()] as const,
    request: { body: jsonBody(IgrantNotificationBody) },
  }),
  async (c) => {
    const { id, status } = await accept(c, fromIgrant(c.req.valid("json")));
    return c.json({ id }, status);
  },
);
