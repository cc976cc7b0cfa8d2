import { z } from "@hono/zod-openapi";
import { credentialSchema } from "../../domain/custom-headers";
import { channelSchema, eventTypeSchema } from "../../domain/event-type-pattern";
import { FORMATS } from "../../domain/formats";
import { MAX_BATCH_EVENTS } from "../../domain/limits";
import { eventExamples } from "./examples";

const Notify = z
  .object({
    url: z.string().max(2048),
    bearerToken: credentialSchema.optional(),
    format: z.enum(FORMATS).optional(),
    mode: z.enum(["add", "replace"]).optional().openapi({
      description:
        "add (default): the target as well as the wallet's webhooks; replace: instead of them (walt.id's per-offer callback)",
    }),
  })
  .strict()
  .openapi("NotifyTarget", {
    description: "A one-off target for this event (walt.id's per-offer override)",
  });

/**
 * An event id a client (or an agent) chooses. `stream` is refused: GET /v1/events/stream is
 * the live stream, so an event with that id could never be read back by id.
 */
export const clientEventId = z
  .string()
  .regex(
    /^[A-Za-z0-9._:-]{1,128}$/,
    "id must be 1-128 characters of letters, digits, '.', '_', ':' or '-'",
  )
  .refine(
    (id) => id !== "stream",
    'id "stream" is reserved (GET /v1/events/stream is the live stream)',
  );

/** One event as a client posts it. */
export const EventInput = z
  .object({
    type: eventTypeSchema.openapi({ example: "openid.credential.offer_sent" }),
    data: z.record(z.string(), z.unknown()).openapi({ example: { offerId: "offer-123" } }),
    id: clientEventId
      .optional()
      .openapi({ description: "Idempotency key per wallet; generated when absent" }),
    channels: z.array(channelSchema).max(10).optional(),
    subject: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .openapi({ description: "The offer, session or exchange the event is about" }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: "After this, pending deliveries end as expired" }),
    notify: Notify.optional(),
    walletId: z.uuid().optional().openapi({
      description: "Admin only: the wallet the event belongs to (default wallet when omitted)",
    }),
  })
  .strict()
  .openapi("EventInput", { example: eventExamples.input });

export const EventBatchInput = z
  .object({ events: z.array(EventInput).min(1).max(MAX_BATCH_EVENTS) })
  .strict()
  .openapi("EventBatchInput", { example: eventExamples.batch });

export const Accepted = z
  .object({ id: z.string() })
  .openapi("AcceptedEvent", { example: eventExamples.accepted });

export const AcceptedBatch = z
  .object({
    data: z.array(z.object({ id: z.string(), status: z.enum(["accepted", "duplicate"]) })),
  })
  .openapi("AcceptedEventBatch", { example: eventExamples.acceptedBatch });
