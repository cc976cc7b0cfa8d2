import type { JsonSchema } from "../json-schema";
import { choice, dataSchema, flag, text } from "./schema-helpers";

// ACA-Py posts each record change to `{webhook_url}/topic/{topic}/` with the record itself as
// the body; the topic is the event type and the record is `data`. Timestamps are ACA-Py's own
// "2021-01-27 06:27:47.721227Z" form (a space, not ISO's T), so they are plain strings here.

/** The schema of an ACA-Py record: its own fields plus created_at and updated_at. */
export function acapyRecord(
  title: string,
  properties: Record<string, JsonSchema>,
  required: readonly string[],
): JsonSchema {
  return dataSchema(
    title,
    {
      ...properties,
      created_at: text("When the record was created"),
      updated_at: text("When the record last changed"),
    },
    required,
  );
}

/** Timestamps for the examples, in ACA-Py's form. */
export const EXAMPLE_TIMES = {
  created_at: "2025-03-13 22:14:41.138935Z",
  updated_at: "2025-03-13 22:15:02.479961Z",
};
export const EXAMPLE_CONNECTION_ID = "13eeacd4-0c4e-495e-81cc-d66c6eeb8545";

/** The fields every protocol exchange record carries. */
export const EXCHANGE_FIELDS = {
  connection_id: text("The connection the exchange runs over"),
  thread_id: text("DIDComm thread id"),
  parent_thread_id: text("Parent thread id, when started from an out-of-band invitation"),
  initiator: choice(["self", "external"], "Who started the exchange"),
  auto_remove: flag("Whether the record is removed when the exchange completes"),
  error_msg: text("Why the exchange failed, when it did"),
  trace: flag("Whether tracing is on"),
};

/** Ledger ids for the examples. */
export const CRED_DEF_ID = "717CTkVDFaxxM9ShojzkDN:3:CL:637:tag";
export const REV_REG_ID =
  "717CTkVDFaxxM9ShojzkDN:4:717CTkVDFaxxM9ShojzkDN:3:CL:637:tag:CL_ACCUM:e21b66ea-5cba-42df-9234-8ff8ce937e30";
