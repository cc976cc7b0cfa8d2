import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireAdmin, requireKey } from "../../middleware/auth";
import { errorResponses, IdParam, jsonContent, keySecurity, problemOf } from "../../schemas/common";
import { rotateWalletKey, type SigningKeyDeps } from "../../services/signing-keys";
import { webhookDeps } from "../deps";
import { didExamples } from "../did/examples";

const SigningKeys = z
  .object({
    walletId: z.string(),
    did: z.string().openapi({ example: "did:web:herald.example.com:wallets:0193…" }),
    keys: z.array(
      z.object({
        kid: z.string().openapi({ description: "JWK thumbprint (RFC 7638), the JWKS kid" }),
        keyId: z
          .string()
          .openapi({ description: "The DID URL deliveries carry in webhook-key-id" }),
        status: z.enum(["current", "previous"]),
        createdAt: z.string(),
        expiresAt: z
          .string()
          .nullable()
          .openapi({ description: "A previous key signs (and is published) until then" }),
      }),
    ),
  })
  .openapi("SigningKeys", { example: didExamples.rotated });

const rotated = jsonContent(SigningKeys, "The new current key and the previous one, still signing");
const base = { tags: ["Keys"], security: keySecurity };

const deps = (c: Context<AppEnv>): SigningKeyDeps => {
  const webhook = webhookDeps(c);
  return { ...webhook, origin: webhook.origin ?? new URL(c.req.url).origin };
};

/** Rotating a wallet's Ed25519 signing key. Mounted at /v1: keys are checked per route, never with use("*"). */
export const signingKeyRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

signingKeyRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/wallets/{id}/signing-keys/rotate",
    operationId: "rotateWalletSigningKey",
    summary: "Rotate a wallet's Ed25519 signing key (the previous one signs too for 24 h)",
    middleware: [requireKey(), requireAdmin()] as const,
    request: { params: IdParam },
    responses: {
      200: rotated,
      403: problemOf("A wallet key on an admin route"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const view = await rotateWalletKey(deps(c), c.var.principal, c.req.valid("param").id);
    return c.json(SigningKeys.parse(view), 200);
  },
);

signingKeyRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/signing-keys/rotate",
    operationId: "rotateOwnSigningKey",
    summary:
      "Rotate the calling wallet's Ed25519 signing key (the previous one signs too for 24 h)",
    middleware: [requireKey()] as const,
    responses: { 200: rotated, ...errorResponses },
  }),
  async (c) =>
    c.json(SigningKeys.parse(await rotateWalletKey(deps(c), c.var.principal, null)), 200),
);
