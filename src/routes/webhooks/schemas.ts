import { z } from "@hono/zod-openapi";
import { credentialSchema, customHeadersSchema } from "../../domain/custom-headers";
import { channelSchema, eventTypePatternSchema } from "../../domain/event-type-pattern";
import { FORMATS } from "../../domain/formats";
import { MAX_CUSTOM_DELAYS, MAX_DELAY_SECONDS } from "../../domain/retry-policy";
import { deliveryOptionFields, deliveryOptionViewFields } from "./delivery-option-schemas";
import { webhookExamples } from "./examples";

const RetryPolicy = z
  .union(
    [
      z.object({ preset: z.enum(["standard", "identus", "none"]) }).strict(),
      z
        .object({
          schedule: z
            .array(z.number().int().min(1).max(MAX_DELAY_SECONDS))
            .max(MAX_CUSTOM_DELAYS)
            .openapi({
              description: `Delays in seconds after each failed attempt (at most ${MAX_CUSTOM_DELAYS}, each at most 24 h)`,
            }),
        })
        .strict(),
    ],
    {
      // zod's own union message is a bare "Invalid input"; say what is accepted.
      error: `retry is {preset: "standard" | "identus" | "none"} or {schedule: [seconds, ...]} with at most ${MAX_CUSTOM_DELAYS} delays, not both`,
    },
  )
  .openapi("RetryPolicy", { example: { preset: "standard" } });

const uniqueList = <T extends z.ZodType<string>>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, `${what} must not repeat`);

const secretText = credentialSchema;

/** Every field a webhook takes, all optional: the shape PATCH accepts. */
export const WebhookFields = z
  .object({
    url: z.string().max(2048).openapi({ example: "https://receiver.example.com/hooks" }),
    description: z.string().max(500),
    enabled: z.boolean(),
    eventTypes: uniqueList(eventTypePatternSchema, 100, "eventTypes").openapi({
      description: "Event types or `prefix.*` patterns; empty = all",
      example: ["openid.credential.*"],
    }),
    channels: uniqueList(channelSchema, 50, "channels").openapi({
      description: "Channels; empty = all",
    }),
    format: z.enum(FORMATS),
    bearerToken: secretText
      .nullable()
      .openapi({ description: "Sent as Authorization: Bearer; stored encrypted, shown redacted" }),
    apiKey: secretText
      .nullable()
      .openapi({ description: "Sent as X-API-Key; stored encrypted, shown redacted" }),
    customHeaders: customHeadersSchema,
    retry: RetryPolicy,
    ordering: z.enum(["fifo", "unordered", "subject"]),
    maxInFlight: z
      .number()
      .int()
      .min(1)
      .max(6)
      .openapi({ description: "Concurrent deliveries for unordered and subject webhooks" }),
    rateLimitPerSecond: z.number().int().min(1).max(1000).nullable(),
    timeoutMs: z.number().int().min(1000).max(30000),
    ...deliveryOptionFields,
  })
  .partial()
  .strict();

export const UpdateWebhookBody = WebhookFields.openapi("UpdateWebhook", {
  example: webhookExamples.update,
});

export const CreateWebhookBody = WebhookFields.extend({
  url: WebhookFields.shape.url.unwrap(),
  walletId: z
    .uuid()
    .nullable()
    .optional()
    .openapi({ description: "Admin only: the owning wallet; omit or null for a global webhook" }),
})
  .strict()
  .openapi("CreateWebhook", { example: webhookExamples.create });

export const Webhook = z
  .object({
    id: z.string(),
    walletId: z.string().nullable(),
    url: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    eventTypes: z.array(z.string()),
    channels: z.array(z.string()),
    format: z.enum(FORMATS),
    bearerToken: z.string().nullable(),
    apiKey: z.string().nullable(),
    customHeaders: z.record(z.string(), z.string()),
    retry: RetryPolicy,
    ordering: z.enum(["fifo", "unordered", "subject"]),
    maxInFlight: z.number().int(),
    rateLimitPerSecond: z.number().int().nullable(),
    timeoutMs: z.number().int(),
    disabledReason: z.string().nullable(),
    ...deliveryOptionViewFields,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Webhook", { example: webhookExamples.webhook });

export const CreatedWebhook = Webhook.extend({
  secret: z
    .string()
    .openapi({ description: "The signing secret (whsec_…); also at GET /v1/webhooks/{id}/secret" }),
}).openapi("CreatedWebhook", { example: webhookExamples.created });

export const WebhookSecret = z
  .object({ secret: z.string() })
  .openapi("WebhookSecret", { example: webhookExamples.secret });

/** Bytes of key material in a `whsec_` secret, or -1 when it is not one. */
function secretKeyBytes(secret: string): number {
  if (!/^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(secret))
    return -1;
  return Uint8Array.fromBase64(secret.slice("whsec_".length)).length;
}

export const RotateSecretBody = z
  .object({
    secret: z
      .string()
      .refine(
        (s) => secretKeyBytes(s) >= 24 && secretKeyBytes(s) <= 64,
        "secret must be whsec_ followed by the base64 of 24 to 64 bytes",
      )
      .optional()
      .openapi({
        description: "Bring your own secret (whsec_ + base64 of 24-64 bytes); omit to generate one",
      }),
  })
  .strict()
  .openapi({ example: webhookExamples.rotate });

export const WebhookListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
  walletId: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Admin only: one wallet's webhooks, or `global`" }),
});
