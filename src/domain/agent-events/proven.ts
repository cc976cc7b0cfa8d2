import { canonicalJson } from "../canonical-json";
import { type AgentEvent, derivedEventId } from "./types";

/** Proven's own webhook call `{event, webhook}`, after validation. */
export interface ProvenCall {
  event: string;
  webhook: Record<string, unknown>;
}

// ACA-Py's exchange ids, then those of Proven's OID4VC records, before the connection and the
// thread: a record is about its exchange even when it names the connection it runs over.
const SUBJECT_FIELDS = [
  "cred_ex_id",
  "pres_ex_id",
  "credential_exchange_id",
  "presentation_exchange_id",
  "exchange_id",
  "presentation_id",
  "connection_id",
  "thread_id",
] as const;

/**
 * Maps Proven's call to a Herald event of type `event` whose data is `webhook`. Proven sends
 * no event id; one is derived from the name and the canonical record, so a retried call is a
 * repeat while a state change is a new event (as for ACA-Py, whose records Proven forwards).
 */
export async function fromProven(call: ProvenCall): Promise<AgentEvent> {
  const id = await derivedEventId("proven", [call.event, canonicalJson(call.webhook)]);
  const subject = SUBJECT_FIELDS.map((f) => call.webhook[f]).find(
    (v): v is string => typeof v === "string" && v.length > 0 && v.length <= 256,
  );
  return { id, type: call.event, data: call.webhook, ...(subject ? { subject } : {}) };
}
