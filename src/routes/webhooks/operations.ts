import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { eventsQueue } from "../../config";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import {
  errorResponses,
  IdParam,
  jsonBody,
  jsonContent,
  keySecurity,
  pageOf,
  problemOf,
} from "../../schemas/common";
import { pageWebhookDeliveries } from "../../services/delivery-log";
import { recoverWebhook } from "../../services/recovery";
import { sendTestEvent } from "../../services/test-send";
import { deliveryExamples } from "../deliveries/examples";
import {
  Delivery,
  DeliveryLogQuery,
  RecoverBody,
  Recovered,
  TestEventBody,
  TestEventSent,
} from "../deliveries/schemas";
import { retryTarget, webhookDeps } from "../deps";

const base = { tags: ["Webhooks"], security: keySecurity };

/** A webhook's delivery log and its recovery. */
export const webhookOperationRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
webhookOperationRoutes.use("*", requireKey());

webhookOperationRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}/deliveries",
    operationId: "listDeliveries",
    summary: "A webhook's delivery log, newest first",
    request: { params: IdParam, query: DeliveryLogQuery },
    responses: {
      200: jsonContent(pageOf(Delivery, deliveryExamples.delivery), "A page of deliveries"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const page = await pageWebhookDeliveries(
      webhookDeps(c),
      c.var.principal,
      c.req.valid("param").id,
      filter,
      limit,
      cursor,
    );
    return c.json(pageOf(Delivery).parse(page), 200);
  },
);

webhookOperationRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/recover",
    operationId: "recoverDeliveries",
    summary: "Re-send every failed delivery since a time (at most 14 days back)",
    request: { params: IdParam, body: jsonBody(RecoverBody) },
    responses: {
      202: jsonContent(Recovered, "How many deliveries were queued again"),
      429: problemOf("Over the wallet's recover calls per hour; retry after Retry-After"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { since, until } = c.req.valid("json");
    return c.json(
      await recoverWebhook(
        webhookDeps(c),
        retryTarget(c),
        c.var.principal,
        c.req.valid("param").id,
        since,
        until,
      ),
      202,
    );
  },
);

webhookOperationRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/test",
    operationId: "sendTestEvent",
    summary: "Send an example event of a catalog type to this webhook now",
    request: { params: IdParam, body: jsonBody(TestEventBody) },
    responses: {
      202: jsonContent(TestEventSent, "The test event, queued for this webhook only"),
      409: problemOf("The webhook is disabled"),
      429: problemOf("Over the wallet's test sends per minute; retry after Retry-After"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { eventType, data } = c.req.valid("json");
    return c.json(
      await sendTestEvent(
        webhookDeps(c),
        eventsQueue(c.env),
        c.var.principal,
        c.req.valid("param").id,
        eventType,
        data,
      ),
      202,
    );
  },
);
