import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { eventsQueue } from "../../config";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import {
  errorResponses,
  jsonBody,
  jsonContent,
  keySecurity,
  problemOf,
} from "../../schemas/common";
import { acceptEvents, type IngestDeps } from "../../services/ingest";
import { requestHost } from "../deps";
import { Accepted, AcceptedBatch, EventBatchInput, EventInput } from "./schemas";

const base = { tags: ["Events"], security: keySecurity };
const ingestErrors = {
  ...errorResponses,
  409: problemOf(
    "The id was already used with another body, or the events name more distinct notify URLs than the wallet's daily quota",
  ),
  413: problemOf("Event over 100 KiB or request over 1 MiB"),
  415: problemOf("Not JSON"),
  429: problemOf("Over the wallet's ingest rate; retry after Retry-After"),
  503: problemOf("The queue refused the events; retry after Retry-After"),
};

/** The ingest path's dependencies: D1 (read only, for client ids) and the queue. */
export function ingestDeps(c: Context<AppEnv>): IngestDeps {
  return {
    db: c.var.db,
    config: c.var.config,
    queue: eventsQueue(c.env),
    limiters: c.env.WALLET_LIMITER,
    requestId: c.var.requestId,
    requestHost: requestHost(c),
  };
}

/** Event ingest: accepted once the queue holds the event. */
export const eventRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
eventRoutes.use("*", requireKey({ ingest: true }));

eventRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/",
    operationId: "createEvent",
    summary: "Send an event to every subscribed webhook",
    request: { body: jsonBody(EventInput) },
    responses: {
      202: jsonContent(Accepted, "Accepted: the queue holds it"),
      200: jsonContent(Accepted, "A repeat of an accepted event: nothing re-sent"),
      ...ingestErrors,
    },
  }),
  async (c) => {
    const [result] = await acceptEvents(ingestDeps(c), c.var.principal, [c.req.valid("json")]);
    return c.json({ id: result!.id }, result!.status === "accepted" ? 202 : 200);
  },
);

eventRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/batch",
    operationId: "createEventBatch",
    summary: "Send up to 100 events in one request",
    request: { body: jsonBody(EventBatchInput) },
    responses: {
      202: jsonContent(AcceptedBatch, "Accepted (repeats marked duplicate)"),
      ...ingestErrors,
    },
  }),
  async (c) => {
    const results = await acceptEvents(ingestDeps(c), c.var.principal, c.req.valid("json").events);
    return c.json({ data: results }, 202);
  },
);
