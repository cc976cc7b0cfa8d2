import type { Format } from "./types";

// Which of a webhook's credentials each dialect sends: its receivers parse only these.
const SENDS: Record<Format, { bearer: boolean; apiKey: boolean }> = {
  standard: { bearer: true, apiKey: true },
  identus: { bearer: true, apiKey: false },
  waltid: { bearer: true, apiKey: false },
  proven: { bearer: false, apiKey: true },
  acapy: { bearer: false, apiKey: true },
  igrant: { bearer: false, apiKey: false },
};

/**
 * The auth headers a format sends for these credentials. Kept apart from the body so that
 * stored deliveries hold no secrets and a changed token applies to the next attempt.
 */
export function credentialHeaders(
  format: Format,
  bearerToken?: string | null,
  apiKey?: string | null,
): Record<string, string> {
  const headers: Record<string, string> = {};
  // An empty string counts as unset: "Bearer " alone would only confuse the receiver.
  if (SENDS[format].bearer && bearerToken) headers.Authorization = `Bearer ${bearerToken}`;
  if (SENDS[format].apiKey && apiKey) headers["X-API-Key"] = apiKey;
  return headers;
}
