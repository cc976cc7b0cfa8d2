import { credentialHeaders } from "./credentials";
import type { FormatBuilder } from "./types";

/** Herald's own body `{id, type, timestamp, walletId, data}`; bearer token and API key when set. */
export const buildStandard: FormatBuilder = (event, target) => {
  const headers = credentialHeaders(target.format, target.bearerToken, target.apiKey);
  const body = {
    id: event.id,
    type: event.type,
    timestamp: event.createdAt,
    walletId: event.walletId,
    data: event.data,
  };
  return { url: target.url, body: JSON.stringify(body), headers };
};
