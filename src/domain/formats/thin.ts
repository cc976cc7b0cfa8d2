import { credentialHeaders } from "./credentials";
import type { BuiltDelivery, DeliveryEvent, DeliveryTarget, Format } from "./types";

/**
 * Formats a thin payload can be sent in. The agent dialects' receivers parse a fixed shape
 * that carries the event's data (walt.id's `data`, Proven's `webhook`, ACA-Py's record,
 * Identus' `data`, iGrant's `data`), so Herald refuses `payload: "thin"` with them.
 */
export const THIN_FORMATS: readonly Format[] = ["standard"];

/** `{id, type, walletId, subject, timestamp, href}`: where the event is, never its data. */
export function buildThin(
  event: DeliveryEvent,
  target: DeliveryTarget,
  href: string,
): BuiltDelivery {
  const body = {
    id: event.id,
    type: event.type,
    walletId: event.walletId,
    subject: event.subject ?? null,
    timestamp: event.createdAt,
    // Last, so each attempt can swap the link's token without reparsing the body.
    href,
  };
  const headers = credentialHeaders(target.format, target.bearerToken, target.apiKey);
  return { url: target.url, body: JSON.stringify(body), headers };
}

// A thin body ends with its href's token; a full standard body ends with its data object, "}}".
const THIN_TOKEN_TAIL = /(\?token=)[A-Za-z0-9._-]+("\})$/;

/** True when a stored standard body is a thin one. */
export function isThinBody(body: string): boolean {
  return THIN_TOKEN_TAIL.test(body);
}

/** The same thin body with a fresh token in its href. */
export function withLinkToken(body: string, token: string): string {
  return body.replace(THIN_TOKEN_TAIL, (_all, query: string, end: string) => query + token + end);
}
