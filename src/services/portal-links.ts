import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import { randomToken, sha256Hex } from "../domain/crypto/encoding";
import { uuidv7 } from "../domain/ids";
import { HeraldError } from "../errors/herald-error";
import { insertPortalLink } from "../repositories/portal-links";
import { requestWallet } from "./request-wallet";

/** How long a portal link can be opened: 15 minutes. */
export const PORTAL_LINK_TTL_MS = 15 * 60 * 1000;

/**
 * A one-time portal link for a wallet: the admin names any wallet, a wallet key gets its own
 * (naming another is 403). The token travels in the URL's fragment, which browsers do not send
 * to servers or in Referer, and the portal exchanges it with POST /portal/session/link.
 */
export async function createPortalLink(
  db: Database,
  principal: Principal,
  input: { walletId?: string; readOnly?: boolean },
  origin: string,
) {
  const scope = await requestWallet(db, principal, {
    named: input.walletId,
    field: "walletId",
    whenUnnamed: "none",
  });
  // The admin key belongs to no wallet: a link for "all wallets" would be an admin session.
  if (!scope)
    throw new HeraldError("validation_failed", "walletId is required with the admin key", {
      errors: [{ path: "walletId", message: "Required with the admin key" }],
    });
  const walletId = scope.walletId;
  const token = randomToken(32);
  const now = Date.now();
  const expiresAt = new Date(now + PORTAL_LINK_TTL_MS).toISOString();
  await insertPortalLink(db, {
    id: uuidv7(),
    walletId,
    tokenHash: await sha256Hex(token),
    readOnly: input.readOnly ?? false,
    expiresAt,
    createdAt: new Date(now).toISOString(),
  });
  return {
    url: `${origin}/portal/#link=${token}`,
    expiresAt,
    walletId,
    readOnly: input.readOnly ?? false,
  };
}
