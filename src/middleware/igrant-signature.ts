import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { verifyIgrant } from "../domain/signing/igrant";
import { HeraldError } from "../errors/herald-error";
import {
  authenticateKey,
  defaultWalletPrincipal,
  keyFromHeaders,
  requireScope,
} from "../services/authenticate";
import { igrantIngestSecret } from "../services/igrant-secret";

// fatal: bytes that are not UTF-8 are refused rather than replaced; ignoreBOM keeps a BOM in
// the text. Together they make the decoded text re-encode to exactly the bytes received, so
// the HMAC below covers the raw body, as iGrant signs it.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

async function rawBody(c: Context<AppEnv>): Promise<string> {
  // Hono caches the body: the JSON validator that runs after this parses the same bytes.
  const bytes = await c.req.arrayBuffer();
  try {
    return decoder.decode(bytes);
  } catch {
    throw new HeraldError("bad_request", "The request body is not UTF-8");
  }
}

/**
 * Authenticates iGrant.io's webhook calls by their X-iGrant-Signature over the raw body, five
 * minutes' tolerance. An API key sent as well chooses the wallet (otherwise the default
 * wallet), and the signature is checked with that wallet's own secret, else
 * IGRANT_WEBHOOK_SECRET.
 */
export function requireIgrantSignature() {
  return createMiddleware<AppEnv>(async function requireIgrantSignature(c, next) {
    const key = keyFromHeaders(c.req.raw.headers);
    const principal = key
      ? await authenticateKey(c.var.db, c.var.config, key)
      : await defaultWalletPrincipal(c.var.db);
    const secret = await igrantIngestSecret(c.var.db, c.var.config, principal);
    if (!secret) throw new HeraldError("unavailable", "iGrant ingest is not configured");
    const header = c.req.header("x-igrant-signature");
    if (!header) throw new HeraldError("unauthorized", "The X-iGrant-Signature header is required");
    if (!(await verifyIgrant(header, await rawBody(c), secret, Date.now()))) {
      throw new HeraldError(
        "unauthorized",
        "X-iGrant-Signature does not match the body, or its timestamp is more than 5 minutes off",
      );
    }
    requireScope(principal, c.req.method, c.req.path);
    c.set("principal", principal);
    await next();
  });
}
