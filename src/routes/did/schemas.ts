import { z } from "@hono/zod-openapi";
import { didExamples } from "./examples";

const Jwk = z
  .object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string() })
  .openapi("Ed25519Jwk");

const VerificationMethod = z
  .object({
    id: z.string().openapi({ example: "did:web:herald.example.com:wallets:0193…#3q2-…" }),
    type: z.enum(["JsonWebKey2020", "Ed25519VerificationKey2020"]),
    controller: z.string(),
    publicKeyJwk: Jwk.optional(),
    publicKeyMultibase: z.string().optional().openapi({ example: "z6Mk…" }),
  })
  .openapi("VerificationMethod");

export const WalletDidDocument = z
  .object({
    "@context": z.array(z.string()),
    id: z.string().openapi({ example: "did:web:herald.example.com:wallets:0193…" }),
    verificationMethod: z.array(VerificationMethod),
    assertionMethod: z.array(z.string()),
    authentication: z.array(z.string()),
  })
  .openapi("WalletDidDocument", { example: didExamples.wallet });

export const ServiceDidDocument = z
  .object({
    "@context": z.array(z.string()),
    id: z.string().openapi({ example: "did:web:herald.example.com" }),
    service: z.array(z.object({ id: z.string(), type: z.string(), serviceEndpoint: z.string() })),
  })
  .openapi("ServiceDidDocument", { example: didExamples.service });

export const Jwks = z
  .object({
    keys: z.array(Jwk.extend({ kid: z.string(), use: z.literal("sig"), alg: z.literal("EdDSA") })),
  })
  .openapi("Jwks", { example: didExamples.jwks });

export const WalletIdParam = z.object({
  walletId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "walletId", in: "path" } }),
});
