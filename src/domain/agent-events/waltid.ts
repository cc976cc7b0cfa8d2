import { canonicalJson } from "../canonical-json";
import { type AgentEvent, derivedEventId } from "./types";

/** walt.id Issuer2's notification body `{id, type, timestamp, data}`: id is the offer/session, timestamp unix ms. */
export interface WaltidNotification {
  id: string;
  type: string;
  timestamp: number;
  data: Record<string, unknown>;
}

/**
 * Maps a walt.id notification to a Herald event about that offer/session (the subject).
 * walt.id sends no event id, so one is derived from the notification: a redelivery is a
 * repeat. The data is part of it because a batch issuance can emit several `sdjwt_issue`
 * notifications for one session within the same millisecond; without it the second
 * credential would collide with the first (409) and be lost.
 */
export async function fromWaltid(notification: WaltidNotification): Promise<AgentEvent> {
  const { id: subject, type, timestamp, data } = notification;
  const id = await derivedEventId("waltid", [
    subject,
    type,
    String(timestamp),
    canonicalJson(data),
  ]);
  return { id, type, data, subject };
}
