import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { notifyObjectName, notifySecret } from "../domain/notify-target";
import { notifyUrl, walletFor } from "./ingest";

/**
 * The signing secret of a wallet's one-off notify target: what an event's `notify.url`
 * receiver needs to verify Herald's signatures. The URL is read exactly as ingest reads it
 * (same URL rules, fragment dropped), so the secret is the one its deliveries carry.
 */
export async function notifyTargetSecret(
  deps: { db: Database; config: Config; requestHost?: string },
  principal: Principal,
  input: { url: string; walletId?: string },
): Promise<{ url: string; walletId: string; secret: string }> {
  const walletId = await walletFor(deps, principal, input.walletId, new Map());
  const url = notifyUrl(deps.config, input.url, "url", deps.requestHost);
  return {
    url,
    walletId,
    secret: await notifySecret(deps.config.keyRing, await notifyObjectName(walletId, url)),
  };
}
