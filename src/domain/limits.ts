/** At most 100 KiB per event, so one queue message (128 KB) always holds it. */
export const MAX_EVENT_BYTES = 100 * 1024;
/** Events per POST /v1/events/batch: one queue sendBatch. */
export const MAX_BATCH_EVENTS = 100;
/** A delivery attempt keeps this much of the receiver's answer. */
export const MAX_RESPONSE_BODY_BYTES = 16 * 1024;
/** Bytes of events one batch request may carry: the queue takes at most 256 KB per sendBatch, envelope included, and a batch is accepted whole or not at all. */
export const MAX_BATCH_BYTES = 250_000;
