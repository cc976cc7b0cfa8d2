import { igrantTimestamp } from "../signing/igrant";
import { createdAtMs, type FormatBuilder } from "./types";

/** iGrant.io's `{deliveryID, webhookID, timestamp, type, data}`; no auth header (the sender adds X-iGrant-Signature per attempt). */
export const buildIgrant: FormatBuilder = (event, target) => {
  const body = {
    deliveryID: target.deliveryId,
    webhookID: target.webhookId,
    // iGrant's timestamps have whole seconds: "2025-04-10T07:19:10Z".
    timestamp: igrantTimestamp(createdAtMs(event)),
    type: event.type,
    data: event.data,
  };
  return { url: target.url, body: JSON.stringify(body), headers: {} };
};
