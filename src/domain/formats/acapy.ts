import { credentialHeaders } from "./credentials";
import type { FormatBuilder } from "./types";

/** ACA-Py's webhook call: data as is, POSTed to `{url}/topic/{type}/`, with X-Wallet-Id and the API key when set. */
export const buildAcapy: FormatBuilder = (event, target) => {
  const headers = {
    "X-Wallet-Id": event.walletId,
    ...credentialHeaders(target.format, target.bearerToken, target.apiKey),
  };
  return { url: topicUrl(target.url, event.type), body: JSON.stringify(event.data), headers };
};

/** ACA-Py receivers take each topic at `{url}/topic/{topic}/`. */
export function topicUrl(url: string, topic: string): string {
  // Split off the query by hand: going through URL() would re-serialise the rest of the address.
  const q = url.indexOf("?");
  const base = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q);
  // A topic is one path segment; encoding keeps a "/" or "?" in a type from changing the route.
  return `${base.replace(/\/+$/, "")}/topic/${encodeURIComponent(topic)}/${query}`;
}
