import { canonicalJson } from "../canonical-json";
import { acapySubject } from "./acapy";
import { type AgentEvent, derivedEventId } from "./types";

/** Proven's own webhook call `{event, webhook}`, after validation. */
export interface ProvenCall {
  event: string;
  webhook: Record<string, unknown>;
}

// Proven's OID4VC records name their exchange differently from ACA-Py's DIDComm ones.
const OID4VC_SUBJECT_FIELDS = ["exchange_id", "presentation_id"] as const;

/**
 * Maps Proven's call to a Herald event of type `event` whose data is `webhook`. Proven sends
 * no event id; one is derived from the name and the canonical record, so a retried call is a
 * repeat while a state change is a new event (as for ACA-Py, whose records Proven forwards).
 */
export async function fromProven(call: ProvenCall): Promise<AgentEvent> {
  const id = await derivedEventId("proven", [call.event, canonicalJson(call.webhook)]);
  const subject =
    acapySubject(call.webhook) ??
    OID4VC_SUBJECT_FIELDS.map((f) => call.webhook[f]).find(
      (v): v is string => typeof v === "string" && v.length > 0 && v.length <= 256,
    );
  return { id, type: call.event, data: call.webhook, ...(subject ? { subject } : {}) };
}
