import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import { errorResponses, IdParam, jsonContent, keySecurity, problemOf } from "../../schemas/common";
import { deliveryWithAttempts } from "../../services/delivery-log";
import { retryDelivery } from "../../services/recovery";
import { retryTarget, webhookDeps } from "../deps";
import { DeliveryWithAttempts, RetryQueued } from "./schemas";

const base = { tags: ["Deliveries"], security: keySecurity };

/** One delivery with its attempts, and re-sending it. */
export const deliveryRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
deliveryRoutes.use("*", requireKey());

deliveryRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}",
    operationId: "getDelivery",
    summary: "A delivery with every attempt",
    request: { params: IdParam },
    responses: { 200: jsonContent(DeliveryWithAttempts, "The delivery"), ...errorResponses },
  }),
  async (c) =>
    c.json(
      DeliveryWithAttempts.parse(
        await deliveryWithAttempts(c.var.db, c.var.principal, c.req.valid("param").id),
      ),
      200,
    ),
);

deliveryRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/retry",
    operationId: "retryDelivery",
    summary: "Send a delivery again now (one more attempt, in order for fifo webhooks)",
    request: { params: IdParam },
    responses: {
      202: jsonContent(RetryQueued, "Queued for an attempt now"),
      409: problemOf("In flight or no longer held"),
      ...errorResponses,
    },
  }),
  async (c) =>
    c.json(
      await retryDelivery(webhookDeps(c), retryTarget(c), c.var.principal, c.req.valid("param").id),
      202,
    ),
);
