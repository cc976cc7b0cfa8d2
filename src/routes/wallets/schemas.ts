import { z } from "@hono/zod-openapi";
import { KEY_SCOPES } from "../../domain/key-scopes";
import { walletExamples } from "./examples";

const Scopes = z.array(z.enum(KEY_SCOPES)).min(1).max(KEY_SCOPES.length).openapi({
  description:
    "`ingest`: post events and agent ingest; `read`: GET routes (not secrets); `manage`: everything",
});

export const CreateWalletBody = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: "Acme issuer" }),
    id: z
      .uuid()
      .optional()
      .openapi({ description: "Choose the wallet id (Identus wallets keep theirs)" }),
  })
  .strict()
  .openapi("CreateWallet", { example: walletExamples.create });

export const Wallet = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .openapi("Wallet", { example: walletExamples.wallet });

export const CreatedWallet = Wallet.extend({
  apiKey: z.string().openapi({ description: "Shown once; Herald stores only its hash" }),
}).openapi("CreatedWallet", { example: walletExamples.created });

export const CreateApiKeyBody = z
  .object({
    scopes: Scopes.default(["manage"]),
    name: z.string().trim().min(1).max(200).optional(),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: "The key is refused from this instant on" }),
  })
  .strict()
  .openapi("CreateApiKey", { example: walletExamples.createApiKey });
export type CreateApiKeyBody = z.output<typeof CreateApiKeyBody>;

export const ApiKey = z
  .object({
    id: z.string(),
    prefix: z.string(),
    name: z.string().nullable(),
    scopes: Scopes,
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey", { example: walletExamples.apiKey });

export const CreatedApiKey = z
  .object({
    id: z.string(),
    walletId: z.string(),
    apiKey: z.string(),
    prefix: z.string(),
    name: z.string().nullable(),
    scopes: Scopes,
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
  })
  .openapi("CreatedApiKey", { example: walletExamples.createdApiKey });

export const WalletKeyParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" } }),
  keyId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "keyId", in: "path" } }),
});
