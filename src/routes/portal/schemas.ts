import { z } from "@hono/zod-openapi";

export const KeySignIn = z
  .object({
    apiKey: z.string().min(1).max(512).openapi({ description: "Admin or wallet API key" }),
  })
  .strict()
  .openapi("PortalKeySignIn");

export const LinkSignIn = z
  .object({
    token: z.string().min(1).max(200).openapi({ description: "The token in a portal link" }),
  })
  .strict()
  .openapi("PortalLinkSignIn");

export const PortalSessionView = z
  .object({
    kind: z.enum(["admin", "wallet"]),
    walletId: z.string().nullable(),
    readOnly: z.boolean(),
    expiresAt: z.string(),
    csrfToken: z
      .string()
      .openapi({ description: "Send as X-CSRF-Token on every state-changing request" }),
  })
  .openapi("PortalSession");

export const CreatePortalLinkBody = z
  .object({
    walletId: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: "Required with the admin key; a wallet key may name only its own" }),
    readOnly: z
      .boolean()
      .optional()
      .openapi({ description: "Every write in the portal is refused (403) for this session" }),
  })
  .strict()
  .openapi("CreatePortalLink");

export const PortalLink = z
  .object({
    url: z.string().openapi({ description: "Opens a portal session once, within 15 minutes" }),
    expiresAt: z.string(),
    walletId: z.string(),
    readOnly: z.boolean(),
  })
  .openapi("PortalLink");
