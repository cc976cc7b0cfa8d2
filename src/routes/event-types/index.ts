import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import {
  errorResponses,
  jsonBody,
  jsonContent,
  keySecurity,
  problemOf,
  walletErrorResponses,
} from "../../schemas/common";
import {
  getCatalogEntry,
  listCatalog,
  registerEventType,
  removeEventType,
} from "../../services/event-types";
import {
  CreateEventTypeBody,
  EventType,
  EventTypeList,
  EventTypeListQuery,
  EventTypeReadQuery,
  NameParam,
} from "./schemas";

const base = { tags: ["Event types"], security: keySecurity };

/** The event-type catalog: the agents' and Herald's built-in types, and each wallet's own. */
export const eventTypeRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
eventTypeRoutes.use("*", requireKey());

eventTypeRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/",
    operationId: "listEventTypes",
    summary: "List the event-type catalog",
    request: { query: EventTypeListQuery },
    responses: {
      200: jsonContent(EventTypeList, "Built-in types, then the wallet's own"),
      ...walletErrorResponses,
    },
  }),
  async (c) =>
    c.json(
      EventTypeList.parse({
        data: await listCatalog(c.var.db, c.var.principal, c.req.valid("query")),
      }),
      200,
    ),
);

eventTypeRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{name}",
    operationId: "getEventType",
    summary: "Read one event type",
    request: { params: NameParam, query: EventTypeReadQuery },
    responses: { 200: jsonContent(EventType, "The event type"), ...walletErrorResponses },
  }),
  async (c) => {
    const entry = await getCatalogEntry(
      c.var.db,
      c.var.principal,
      c.req.valid("param").name,
      c.req.valid("query").walletId,
    );
    return c.json(EventType.parse(entry), 200);
  },
);

eventTypeRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/",
    operationId: "createEventType",
    summary: "Register a wallet's own event type",
    request: { body: jsonBody(CreateEventTypeBody) },
    responses: {
      201: jsonContent(EventType, "The registered type"),
      403: problemOf("Not a wallet key"),
      409: problemOf("A built-in name, a name already registered, or the wallet's limit reached"),
      ...errorResponses,
    },
  }),
  async (c) =>
    c.json(
      EventType.parse(
        await registerEventType(c.var.db, c.var.principal, c.req.valid("json"), c.var.config),
      ),
      201,
    ),
);

eventTypeRoutes.openapi(
  createRoute({
    ...base,
    method: "delete",
    path: "/{name}",
    operationId: "deleteEventType",
    summary: "Delete a wallet's own event type",
    request: { params: NameParam },
    responses: {
      204: { description: "Deleted" },
      403: problemOf("Not a wallet key"),
      409: problemOf("A built-in type"),
      ...errorResponses,
    },
  }),
  async (c) => {
    await removeEventType(c.var.db, c.var.principal, c.req.valid("param").name);
    return c.body(null, 204);
  },
);
