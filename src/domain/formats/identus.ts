import { credentialHeaders } from "./credentials";
import type { FormatBuilder } from "./types";

/** Identus Cloud Agent's `{id, ts, type, data, walletId}`, key order as the agent sends it; bearer token when set. */
export const buildIdentus: FormatBuilder = (event, target) => {
  const headers = credentialHeaders(target.format, target.bearerToken, target.apiKey);
  const body = {
    id: event.id,
    ts: event.createdAt,
    type: event.type,
    data: event.data,
    walletId: event.walletId,
  };
  return { url: target.url, body: JSON.stringify(body), headers };
};
