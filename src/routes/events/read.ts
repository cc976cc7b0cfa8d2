import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import { requireKeyOrEventToken } from "../../middleware/event-link";
import {
  IdParam,
  jsonContent,
  keySecurity,
  problemOf,
  walletErrorResponses,
} from "../../schemas/common";
import {
  type EventLogDeps,
  eventWithDeliveries,
  lastEventIdOf,
  openEventStream,
  pageEventLog,
} from "../../services/event-log";
import {
  EventLogPage,
  EventLogQuery,
  EventReadQuery,
  EventStreamHeaders,
  EventStreamQuery,
  EventWithDeliveries,
} from "./read-schemas";

// Keys are checked per route, not with use("*"): this sub-app shares /v1/events with ingest,
// whose own middleware already checks the key of every POST.
const base = { tags: ["Events"], security: keySecurity, middleware: [requireKey()] };

const deps = (c: Context<AppEnv>): EventLogDeps => ({ db: c.var.db, streams: c.env.WALLET_STREAM });

const SSE_EXAMPLE =
  'retry: 3000\n: connected\n\nid: 1042\nevent: openid.credential.offer_sent\ndata: {"id":"6f1c…","walletId":"0193…","type":"openid.credential.offer_sent","data":{},…}\n\n: keep-alive\n\n';

/** Reading the event log: polling with a cursor, one event with its deliveries, and a live SSE stream. */
export const eventReadRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

eventReadRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/",
    operationId: "listEvents",
    summary: "Poll the event log, in storage order, from a cursor",
    description:
      "`nextCursor` is always returned (the same one when the page is empty): keep polling with it and every event stored later arrives, none twice.",
    request: { query: EventLogQuery },
    responses: { 200: jsonContent(EventLogPage, "A page of the log"), ...walletErrorResponses },
  }),
  async (c) =>
    c.json(
      EventLogPage.parse(await pageEventLog(deps(c), c.var.principal, c.req.valid("query"))),
      200,
    ),
);

// Registered before /{id}, so /stream is never taken for an event id.
eventReadRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/stream",
    operationId: "streamEvents",
    summary: "Live stream of the wallet's events (Server-Sent Events)",
    description:
      "Each event as `id: <log position>`, `event: <type>`, `data: <event JSON>`. `Last-Event-ID` (or `?lastEventId=`) replays the log after that id first, then continues live with nothing missing or doubled. A `: keep-alive` comment every 15 s.",
    request: { query: EventStreamQuery, headers: EventStreamHeaders },
    responses: {
      200: {
        description: "An endless text/event-stream",
        content: { "text/event-stream": { schema: z.string().openapi({ example: SSE_EXAMPLE }) } },
      },
      ...walletErrorResponses,
      429: problemOf("Too many open streams for this wallet"),
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const lastEventId = lastEventIdOf(c.req.valid("header")["last-event-id"], query.lastEventId);
    const stream = await openEventStream(deps(c), c.var.principal, {
      type: query.type,
      walletId: query.walletId,
      lastEventId,
    });
    return c.body(stream, 200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      // Proxies that buffer responses (nginx) would hold events back.
      "x-accel-buffering": "no",
    });
  },
);

eventReadRoutes.openapi(
  createRoute({
    ...base,
    middleware: [requireKeyOrEventToken()],
    method: "get",
    path: "/{id}",
    operationId: "getEvent",
    summary: "Read an event with its deliveries",
    description:
      "With a wallet or admin key; or, without one, with the `?token=` of a thin delivery's href (that event only, for 1 hour, without its deliveries).",
    request: { params: IdParam, query: EventReadQuery },
    responses: {
      200: jsonContent(EventWithDeliveries, "The event and its deliveries"),
      ...walletErrorResponses,
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const { deliveries, ...event } = await eventWithDeliveries(
      deps(c),
      c.var.principal,
      c.req.valid("param").id,
      query.walletId,
    );
    // A link's holder is one receiver: the event is theirs to read, the other deliveries are not.
    const shown = query.token === undefined ? { ...event, deliveries } : event;
    return c.json(EventWithDeliveries.parse(shown), 200);
  },
);
