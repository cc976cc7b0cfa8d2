import type { WebhookRow } from "../db/schema";
import { open, openOptional } from "../domain/crypto/secret-box";

/** Everything a delivery needs from a webhook, decrypted. Only the delivery side calls this: the API never decrypts a secret. */
export async function decryptWebhook(row: WebhookRow, encryptionKey: string, now: number) {
  const sensitive = await openOptional(encryptionKey, row.customHeadersEnc);
  const oldSecrets = await Promise.all(
    row.oldSecrets
      .filter((s) => Date.parse(s.expiresAt) > now)
      .map((s) => open(encryptionKey, s.secretEnc)),
  );
  return {
    secret: await open(encryptionKey, row.secretEnc),
    oldSecrets,
    bearerToken: await openOptional(encryptionKey, row.bearerTokenEnc),
    apiKey: await openOptional(encryptionKey, row.apiKeyEnc),
    customHeaders: {
      ...row.customHeaders,
      ...(sensitive ? (JSON.parse(sensitive) as Record<string, string>) : {}),
    },
  };
}
