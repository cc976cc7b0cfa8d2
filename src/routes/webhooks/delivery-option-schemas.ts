import { z } from "@hono/zod-openapi";
import {
  MAX_POINTER_LENGTH,
  MAX_REDACT_POINTERS,
  PAYLOAD_MODES,
  SIGNATURE_MODES,
} from "../../domain/delivery-options";
import { pointerSegments } from "../../domain/json-pointer";

// Only the event's data can be redacted: id, type and the rest are what a receiver routes on.
const redactPointer = z
  .string()
  .max(MAX_POINTER_LENGTH)
  .refine((p) => {
    const segments = pointerSegments(p);
    return segments !== null && segments.length >= 2 && segments[0] === "data";
  }, "each redact entry is a JSON Pointer (RFC 6901) below /data, like /data/credential/claims");

const signature = z.enum(SIGNATURE_MODES).openapi({
  description:
    "hmac: Standard Webhooks v1 (HMAC-SHA256 with the webhook's secret); ed25519: v1a only (Ed25519, the wallet's key, named in webhook-key-id); both: v1 and v1a",
});
const payload = z.enum(PAYLOAD_MODES).openapi({
  description:
    "full: the event with its data; thin: {id, type, walletId, subject, timestamp, href}, never data (standard format only)",
});
const redact = z
  .array(redactPointer)
  .max(MAX_REDACT_POINTERS)
  .refine((list) => new Set(list).size === list.length, "redact must not repeat")
  .openapi({
    description:
      'JSON Pointers into the event (below /data) whose values are sent as "[redacted]"; the stored event keeps them',
    example: ["/data/credential/claims"],
  });

/** The delivery-shaping fields a webhook takes (create and PATCH). */
export const deliveryOptionFields = { signature, payload, redact };

/** The same fields as a webhook shows them. */
export const deliveryOptionViewFields = {
  signature: z.enum(SIGNATURE_MODES),
  payload: z.enum(PAYLOAD_MODES),
  redact: z.array(z.string()),
};
