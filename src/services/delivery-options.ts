import type { webhooks } from "../db/schema";
import type { PayloadMode, SignatureMode } from "../domain/delivery-options";
import { isFormat } from "../domain/formats";
import { THIN_FORMATS } from "../domain/formats/thin";
import { type FieldError, HeraldError } from "../errors/herald-error";

/** The delivery-shaping fields a client may send, after zod. */
export interface DeliveryOptionsInput {
  signature?: SignatureMode;
  payload?: PayloadMode;
  redact?: string[];
}

/** What the webhook has now (defaults for a new one). */
interface Current {
  format: string;
  payload: string;
  redact: string[];
}

/**
 * Checks what zod cannot see field by field (thin needs a format that can carry it, and has no
 * data to redact) against the webhook as it will be, and returns the columns to store. The
 * origin the caller used is recorded on every create and update: it is the host of the did:web
 * key ids in the webhook's deliveries and of its thin payloads' href.
 */
export function deliveryOptionColumns(
  input: DeliveryOptionsInput,
  current: Current,
  origin: string | undefined,
): Partial<typeof webhooks.$inferInsert> {
  const payload = input.payload ?? current.payload;
  const redact = input.redact ?? current.redact;
  const errors: FieldError[] = [];
  if (payload === "thin" && !(isFormat(current.format) && THIN_FORMATS.includes(current.format)))
    errors.push({
      path: input.payload === undefined ? "format" : "payload",
      message: `payload "thin" is only available with the standard format: ${current.format} receivers parse a fixed shape that carries the event's data`,
    });
  if (payload === "thin" && redact.length > 0)
    errors.push({
      path: "redact",
      message:
        'redact applies to full payloads; a thin payload carries no data (send "redact": [])',
    });
  if (errors.length) throw new HeraldError("validation_failed", "The body is invalid", { errors });

  const columns: Partial<typeof webhooks.$inferInsert> = {};
  if (input.signature !== undefined) columns.signature = input.signature;
  if (input.payload !== undefined) columns.payload = input.payload;
  if (input.redact !== undefined) columns.redact = input.redact;
  if (origin !== undefined) columns.publicOrigin = origin;
  return columns;
}
