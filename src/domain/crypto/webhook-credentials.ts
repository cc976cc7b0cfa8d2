import { type KeyRing, open, openOptional } from "./secret-box";

/** The encrypted columns of a webhook, as stored (a structural subset of the webhooks row). */
export interface SealedWebhook {
  secretEnc: string;
  oldSecrets: { secretEnc: string; expiresAt: string }[];
  bearerTokenEnc: string | null;
  apiKeyEnc: string | null;
  customHeaders: Record<string, string>;
  customHeadersEnc: string | null;
}

/**
 * Everything a request to a webhook's receiver needs, decrypted: a delivery (the webhook object)
 * and a receiver-doctor run send what a real delivery carries. Nothing that answers an API
 * caller returns these values except the secret-reveal route, which opens the secret alone.
 */
export async function decryptWebhook(row: SealedWebhook, keys: KeyRing, now: number) {
  const sensitive = await openOptional(keys, row.customHeadersEnc);
  const oldSecrets = await Promise.all(
    row.oldSecrets.filter((s) => Date.parse(s.expiresAt) > now).map((s) => open(keys, s.secretEnc)),
  );
  return {
    secret: await open(keys, row.secretEnc),
    oldSecrets,
    bearerToken: await openOptional(keys, row.bearerTokenEnc),
    apiKey: await openOptional(keys, row.apiKeyEnc),
    customHeaders: {
      ...row.customHeaders,
      ...(sensitive ? (JSON.parse(sensitive) as Record<string, string>) : {}),
    },
  };
}
