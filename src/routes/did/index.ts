import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { IdParam, jsonContent, problemOf } from "../../schemas/common";
import {
  type DidDeps,
  serviceDocument,
  walletDocument,
  walletKeySet,
} from "../../services/did-documents";
import { Jwks, ServiceDidDocument, WalletDidDocument, WalletIdParam } from "./schemas";

// Public keys are for anyone to read, from any page: no key, any origin, a short cache so a
// receiver sees a rotated-in key within a minute (it signs beside the old one for 24 h).
const PUBLIC_HEADERS = {
  "access-control-allow-origin": "*",
  "cache-control": "public, max-age=60",
};
const base = { tags: ["Keys"], security: [] };
const notFoundResponse = { 404: problemOf("No such wallet") };

const deps = (c: Context<AppEnv>): DidDeps => ({ db: c.var.db, config: c.var.config });
const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

/** The did:web documents and JWKS that publish the wallets' Ed25519 keys, without authentication. */
export const didRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

didRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/.well-known/did.json",
    operationId: "getServiceDidDocument",
    summary: "The service's did:web document (for the host it is asked through)",
    responses: { 200: jsonContent(ServiceDidDocument, "The service's DID document") },
  }),
  (c) => c.json(ServiceDidDocument.parse(serviceDocument(originOf(c))), 200, PUBLIC_HEADERS),
);

didRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/wallets/{walletId}/did.json",
    operationId: "getWalletDidDocument",
    summary: "A wallet's did:web document: its Ed25519 signing keys",
    description:
      "`did:web:<host>:wallets:<walletId>`. The current key and one still in its 24 h rotation overlap, each as JsonWebKey2020 (`#<kid>`, the id deliveries name in `webhook-key-id`) and as Ed25519VerificationKey2020 (`#z6Mk…`).",
    request: { params: WalletIdParam },
    responses: {
      200: jsonContent(WalletDidDocument, "The wallet's DID document"),
      ...notFoundResponse,
    },
  }),
  async (c) => {
    const document = await walletDocument(deps(c), originOf(c), c.req.valid("param").walletId);
    return c.json(WalletDidDocument.parse(document), 200, PUBLIC_HEADERS);
  },
);

didRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/v1/wallets/{id}/jwks.json",
    operationId: "getWalletJwks",
    summary: "A wallet's signing keys as a JWK Set (public, like its DID document)",
    request: { params: IdParam },
    responses: { 200: jsonContent(Jwks, "The wallet's public keys"), ...notFoundResponse },
  }),
  async (c) =>
    c.json(Jwks.parse(await walletKeySet(deps(c), c.req.valid("param").id)), 200, PUBLIC_HEADERS),
);
