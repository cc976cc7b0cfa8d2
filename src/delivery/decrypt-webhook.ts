import type { WebhookRow } from "../db/schema";
import { type KeyRing, open, openOptional } from "../domain/crypto/secret-box";

/** Everything a delivery needs from a webhook, decrypted. Only the delivery side calls this: the API never decrypts a secret. */
export async function decryptWebhook(row: WebhookRow, keys: KeyRing, now: number) {
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
