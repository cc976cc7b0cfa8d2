import { count, dataSchema, text, textOrNull } from "./schema-helpers";
import type { EventTypeDefinition } from "./types";

// Herald's own operational events (src/delivery/operational-events.ts), so operators hear about
// trouble through the webhooks they already run.

/** The prefix of Herald's own event types: only Herald emits them, clients are refused. */
export const RESERVED_TYPE_PREFIX = "herald.";

/** True for a type name only Herald may emit (compared case-insensitively: `Herald.x` too). */
export function isReservedEventType(type: string): boolean {
  return type.toLowerCase().startsWith(RESERVED_TYPE_PREFIX);
}

export const HERALD_EVENT_TYPES: EventTypeDefinition[] = [
  {
    name: "herald.delivery.exhausted",
    source: "herald",
    description:
      "A delivery used up its retry schedule and is now failed; it can still be retried through the API.",
    schema: dataSchema(
      "Herald exhausted delivery",
      {
        deliveryId: text("The failed delivery"),
        eventId: text("The event it carried"),
        eventType: text("That event's type"),
        webhookId: text("The webhook it was for"),
        attempts: count("How many attempts were made"),
        lastStatusCode: {
          type: ["integer", "null"],
          description: "The receiver's last HTTP status, null when it never answered",
        },
        lastError: textOrNull(
          "The last attempt's error (timeout, connection refused, ...), null when the receiver answered",
        ),
      },
      [
        "deliveryId",
        "eventId",
        "eventType",
        "webhookId",
        "attempts",
        "lastStatusCode",
        "lastError",
      ],
    ),
    example: {
      deliveryId: "0192f4b2-8a10-7c3e-9d2f-4b5c6d7e8f90",
      eventId: "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
      eventType: "openid.credential.credential_issued",
      webhookId: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
      attempts: 8,
      lastStatusCode: 503,
      lastError: null,
    },
  },
  {
    name: "herald.webhook.disabled",
    source: "herald",
    description:
      "A webhook was disabled (410 Gone, a webhook-delivery: disable answer, or failing for too long); sent to the global webhooks.",
    schema: dataSchema(
      "Herald disabled webhook",
      {
        webhookId: text("The disabled webhook"),
        reason: text("Why it was disabled"),
      },
      ["webhookId", "reason"],
    ),
    example: {
      webhookId: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
      reason: "Every delivery failed for 120 hours",
    },
  },
  {
    name: "herald.event.conflict",
    source: "herald",
    description:
      "Two submissions of one event id with different bodies raced (both answered 202 before either was stored): the first stored is the event and was delivered; this one was not. Filed in the wallet's event log.",
    schema: dataSchema(
      "Herald event conflict",
      {
        eventId: text("The event id both submissions used"),
        storedBodyHash: text("SHA-256 (hex) of the canonical body that was stored and delivered"),
        rejectedBodyHash: text("SHA-256 (hex) of the canonical body that was not"),
        rejected: {
          type: "object",
          description: "The submission that was not stored (without its notify target)",
          properties: {
            type: text("Its event type"),
            data: { type: "object", description: "Its data" },
            channels: { type: "array", items: { type: "string" }, description: "Its channels" },
            subject: textOrNull("Its subject"),
            expiresAt: textOrNull("Its expiry"),
          },
          required: ["type", "data", "channels", "subject", "expiresAt"],
        },
      },
      ["eventId", "storedBodyHash", "rejectedBodyHash", "rejected"],
    ),
    example: {
      eventId: "order-1842",
      storedBodyHash: "9f2c1b7e4a0d3c6e8b5f1a2d4c7e9b0a3f6d8c1e5b2a7d4f9c0e3b6a8d1f4c7e",
      rejectedBodyHash: "1a4d7c0f3b6e9a2d5c8f1b4e7a0d3c6f9b2e5a8d1c4f7b0e3a6d9c2f5b8e1a4d",
      rejected: {
        type: "openid.credential.offer_sent",
        data: { offerId: "o-2" },
        channels: [],
        subject: null,
        expiresAt: null,
      },
    },
  },
];
