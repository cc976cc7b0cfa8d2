import type { FormatBuilder } from "./types";

/** Herald's own body `{id, type, timestamp, walletId, data}`; bearer token and API key when set. */
export const buildStandard: FormatBuilder = (event, target) => {
  const headers: Record<string, string> = {};
  // An empty string counts as unset: "Bearer " alone would only confuse the receiver.
  if (target.bearerToken) headers["Authorization"] = `Bearer ${target.bearerToken}`;
  if (target.apiKey) headers["X-API-Key"] = target.apiKey;
  const body = {
    id: event.id,
    type: event.type,
    timestamp: event.createdAt,
    walletId: event.walletId,
    data: event.data,
  };
  return { url: target.url, body: JSON.stringify(body), headers };
};
