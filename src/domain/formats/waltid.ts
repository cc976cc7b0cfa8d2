import { credentialHeaders } from "./credentials";
import { createdAtMs, type FormatBuilder } from "./types";

/** walt.id Issuer2's `{id, type, timestamp, data}`: id is the offer/session (subject), timestamp unix ms; bearer token when set. */
export const buildWaltid: FormatBuilder = (event, target) => {
  const headers = credentialHeaders(target.format, target.bearerToken, target.apiKey);
  const body = {
    // walt.id receivers key on the offer id; the event id stands in when there is no subject.
    id: event.subject ?? event.id,
    type: event.type,
    timestamp: createdAtMs(event),
    data: event.data,
  };
  return { url: target.url, body: JSON.stringify(body), headers };
};
