import { credentialHeaders } from "./credentials";
import { provenEventName } from "./proven-events";
import type { FormatBuilder } from "./types";

/** Proven's `{event, webhook: {...data, wallet_id}}` (ACA-Py topics under Proven's names); API key as X-API-Key when set. */
export const buildProven: FormatBuilder = (event, target) => {
  const headers = credentialHeaders(target.format, target.bearerToken, target.apiKey);
  // The wallet Herald knows wins over a wallet_id inside data, keeping that key's position.
  const body = {
    event: provenEventName(event.type, event.data),
    webhook: { ...event.data, wallet_id: event.walletId },
  };
  return { url: target.url, body: JSON.stringify(body), headers };
};
