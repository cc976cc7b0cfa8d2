/** How a webhook's deliveries are signed and shaped: `signature`, `payload`, `redact`. */

/** hmac: Standard Webhooks v1 (the default); ed25519: v1a only; both: v1 and v1a entries. */
export const SIGNATURE_MODES = ["hmac", "ed25519", "both"] as const;
export type SignatureMode = (typeof SIGNATURE_MODES)[number];

/** full: the event with its data (the default); thin: where to read it, never its data. */
export const PAYLOAD_MODES = ["full", "thin"] as const;
export type PayloadMode = (typeof PAYLOAD_MODES)[number];

/** At most this many `redact` pointers per webhook, each at most this long. */
export const MAX_REDACT_POINTERS = 50;
export const MAX_POINTER_LENGTH = 500;

/** A stored signature mode, read defensively (an unknown value signs as hmac, today's behaviour). */
export function signatureModeOf(value: string): SignatureMode {
  return (SIGNATURE_MODES as readonly string[]).includes(value) ? (value as SignatureMode) : "hmac";
}

/** A stored payload mode, read defensively. */
export function payloadModeOf(value: string): PayloadMode {
  return value === "thin" ? "thin" : "full";
}
