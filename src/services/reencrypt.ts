import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import type { OldSecret } from "../db/schema";
import { currentKeyId, type KeyRing, reseal } from "../domain/crypto/secret-box";
import { adminScope } from "../repositories/scope";
import {
  notifiesNotUnder,
  replaceNotify,
  replaceSealed,
  replaceWebhookSealed,
  type SingleSealed,
  sealedNotUnder,
  webhooksNotUnder,
} from "../repositories/sealed-secrets";

const resealOptional = (ring: KeyRing, sealed: string | null) =>
  sealed === null ? null : reseal(ring, sealed);

/**
 * One bounded batch of the move to the current encryption key: up to `limit` webhooks, `limit`
 * events with a notify token, `limit` wallet signing keys and `limit` wallet iGrant secrets are
 * re-sealed under the first of ENCRYPTION_KEYS.
 * `remaining` says whether another call has work left; repeat until it is false, then the
 * old key can be removed.
 */
export async function reencryptBatch(
  plane: Database,
  principal: Principal,
  ring: KeyRing,
  limit: number,
) {
  const scope = adminScope(principal);
  const db = plane.$client;
  const keyId = await currentKeyId(ring);
  const prefix = `v1.${keyId}.`;
  let webhooks = 0;
  const stale = await webhooksNotUnder(db, scope, prefix, limit);
  for (const row of stale) {
    const oldSecrets = JSON.parse(row.old_secrets) as OldSecret[];
    const moved = await replaceWebhookSealed(db, scope, row, {
      secret_enc: await reseal(ring, row.secret_enc),
      old_secrets: JSON.stringify(
        await Promise.all(
          oldSecrets.map(async (s) => ({ ...s, secretEnc: await reseal(ring, s.secretEnc) })),
        ),
      ),
      bearer_token_enc: await resealOptional(ring, row.bearer_token_enc),
      api_key_enc: await resealOptional(ring, row.api_key_enc),
      custom_headers_enc: await resealOptional(ring, row.custom_headers_enc),
    });
    if (moved) webhooks++;
  }
  let events = 0;
  const notifies = await notifiesNotUnder(plane, scope, prefix, limit);
  for (const row of notifies) {
    const notify = JSON.parse(row.notify) as { bearerTokenEnc: string };
    notify.bearerTokenEnc = await reseal(ring, notify.bearerTokenEnc);
    if (await replaceNotify(plane, scope, row, JSON.stringify(notify))) events++;
  }
  let unfinished = false;
  const single: Record<SingleSealed, number> = { signingKeys: 0, walletIgrantSecrets: 0 };
  for (const which of Object.keys(single) as SingleSealed[]) {
    const values = await sealedNotUnder(db, scope, which, prefix, limit);
    for (const value of values)
      if (await replaceSealed(db, scope, which, value, await reseal(ring, value.sealed)))
        single[which]++;
    if (values.length === limit || single[which] < values.length) unfinished = true;
  }
  return {
    keyId,
    reencrypted: { webhooks, events, ...single },
    remaining:
      unfinished ||
      stale.length === limit ||
      notifies.length === limit ||
      webhooks < stale.length ||
      events < notifies.length,
  };
}
