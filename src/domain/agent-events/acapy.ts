import { canonicalJson } from "../canonical-json";
import { type AgentEvent, derivedEventId } from "./types";

// An exchange record carries its connection_id too, yet it is about the exchange, so the
// exchange ids (v2 then v1 protocol names) come before the connection and the thread.
const SUBJECT_FIELDS = [
  "cred_ex_id",
  "pres_ex_id",
  "credential_exchange_id",
  "presentation_exchange_id",
  "connection_id",
  "thread_id",
] as const;
const MAX_SUBJECT_CHARS = 256;

/** The record's main id (exchange, else connection, else thread), when it has one usable as a subject. */
export function acapySubject(record: Record<string, unknown>): string | undefined {
  for (const field of SUBJECT_FIELDS) {
    const value = record[field];
    if (typeof value === "string" && value.length > 0 && value.length <= MAX_SUBJECT_CHARS)
      return value;
  }
  return undefined;
}

/**
 * Maps ACA-Py's webhook call (`POST {url}/topic/{topic}/`, the record as the body) to a
 * Herald event of type `topic`. ACA-Py sends no event id; one is derived from the topic and
 * the canonical record, so a retried call is a repeat while a state change (new state,
 * new updated_at) is a new event.
 */
export async function fromAcapy(
  topic: string,
  record: Record<string, unknown>,
  walletId?: string,
): Promise<AgentEvent> {
  const id = await derivedEventId("acapy", [topic, canonicalJson(record)]);
  const subject = acapySubject(record);
  return {
    id,
    type: topic,
    data: record,
    ...(subject ? { subject } : {}),
    ...(walletId ? { walletId } : {}),
  };
}
