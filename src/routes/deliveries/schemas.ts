import { z } from "@hono/zod-openapi";
import { deliveryExamples } from "./examples";

export const DELIVERY_STATUSES = ["pending", "sending", "succeeded", "failed", "expired"] as const;

export const Delivery = z
  .object({
    id: z.string(),
    eventId: z.string(),
    webhookId: z.string(),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Delivery", { example: deliveryExamples.delivery });

export const Attempt = z
  .object({
    n: z.number().int(),
    startedAt: z.string(),
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    responseBody: z
      .string()
      .nullable()
      .openapi({ description: "The first 16 KiB of the receiver's answer" }),
  })
  .openapi("Attempt");

export const DeliveryWithAttempts = Delivery.extend({ attempts: z.array(Attempt) }).openapi(
  "DeliveryWithAttempts",
  { example: deliveryExamples.withAttempts },
);

export const DeliveryLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventType: z.string().max(200).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});

export const RecoverBody = z
  .object({
    since: z.iso.datetime({ offset: true }).openapi({ description: "At most 14 days back" }),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .openapi("RecoverWebhook", { example: deliveryExamples.recover });

export const Recovered = z
  .object({ recovered: z.number().int() })
  .openapi("Recovered", { example: deliveryExamples.recovered });
export const RetryQueued = z
  .object({ id: z.string(), status: z.literal("pending") })
  .openapi("RetryQueued", { example: deliveryExamples.retryQueued });

export const TestEventBody = z
  .object({
    eventType: z.string().min(1).max(200).openapi({
      example: "openid.credential.offer_sent",
      description: "A type from GET /v1/event-types",
    }),
    data: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "Defaults to the catalog's example" }),
  })
  .strict()
  .openapi("TestEvent", { example: deliveryExamples.testEvent });

export const TestEventSent = z
  .object({
    eventId: z.string(),
    webhookId: z.string(),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi("TestEventSent", { example: deliveryExamples.testEventSent });
