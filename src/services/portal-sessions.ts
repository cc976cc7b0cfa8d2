import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { randomToken, sha256Hex } from "../domain/crypto/encoding";
import { SESSION_TTL_MS } from "../domain/portal/cookie-header";
import {
  csrfToken,
  type SessionClaims,
  sessionKey,
  signSession,
  verifySession,
} from "../domain/portal/session-cookie";
import { HeraldError } from "../errors/herald-error";
import { consumePortalLink } from "../repositories/portal-links";
import {
  endPortalSession,
  findLivePortalSession,
  insertPortalSession,
} from "../repositories/portal-sessions";
import { authenticateKey } from "./authenticate";

/** A session as the portal sees it. */
export interface PortalSession {
  principal: Principal;
  readOnly: boolean;
  expiresAt: number;
  csrfToken: string;
}

/** A new session with its cookie value. */
export interface OpenedSession extends PortalSession {
  cookie: string;
}

async function open(
  db: Database,
  config: Config,
  principal: Principal,
  readOnly: boolean,
  keyHash: string | null,
): Promise<OpenedSession> {
  const now = Date.now();
  const claims: SessionClaims = {
    sessionId: randomToken(24),
    expiresAt: now + SESSION_TTL_MS,
    readOnly,
  };
  await insertPortalSession(db, {
    id: claims.sessionId,
    walletId: principal.kind === "wallet" ? principal.walletId : null,
    keyHash,
    readOnly,
    expiresAt: new Date(claims.expiresAt).toISOString(),
    createdAt: new Date(now).toISOString(),
  });
  const key = await sessionKey(config.keyRing.keys[0]!);
  return {
    principal,
    readOnly,
    expiresAt: claims.expiresAt,
    csrfToken: await csrfToken(key, claims.sessionId),
    cookie: await signSession(key, claims),
  };
}

/** Exchanges an admin or wallet key for a session (401 for a wrong key). */
export async function openSessionWithKey(db: Database, config: Config, key: string) {
  const principal = await authenticateKey(db, config, key);
  return open(db, config, principal, false, await sha256Hex(key));
}

/** Exchanges a portal link's one-time token for a session; 401 once used, expired or unknown. */
export async function openSessionWithLink(db: Database, config: Config, token: string) {
  const link = await consumePortalLink(db, await sha256Hex(token), new Date().toISOString());
  if (!link)
    throw new HeraldError("unauthorized", "This portal link has expired or was already used");
  return open(db, config, { kind: "wallet", walletId: link.walletId }, link.readOnly, null);
}

/** The claims of a cookie whose signature holds, or null (no lookup: safe to call first). */
export async function cookieClaims(config: Config, cookie: string) {
  return verifySession(await sessionKey(config.keyRing.keys[0]!), cookie, Date.now());
}

/** The live session a cookie names; throws 401 when forged, expired or signed out. */
export async function sessionFromCookie(
  db: Database,
  config: Config,
  cookie: string,
): Promise<PortalSession> {
  const claims = await cookieClaims(config, cookie);
  const row =
    claims && (await findLivePortalSession(db, claims.sessionId, new Date().toISOString()));
  // An admin session ends when ADMIN_API_KEY changes: it was opened with the old one.
  const adminKeyChanged =
    row && !row.walletId && row.keyHash !== (await sha256Hex(config.ADMIN_API_KEY));
  if (!claims || !row || adminKeyChanged)
    throw new HeraldError("unauthorized", "The portal session has ended; sign in again");
  const key = await sessionKey(config.keyRing.keys[0]!);
  return {
    principal: row.walletId ? { kind: "wallet", walletId: row.walletId } : { kind: "admin" },
    readOnly: row.readOnly,
    expiresAt: claims.expiresAt,
    csrfToken: await csrfToken(key, claims.sessionId),
  };
}

/** Ends the session a cookie names, if it is a valid one (sign-out is idempotent). */
export async function endSession(db: Database, config: Config, cookie: string) {
  const claims = await cookieClaims(config, cookie);
  if (claims) await endPortalSession(db, claims.sessionId, new Date().toISOString());
}
