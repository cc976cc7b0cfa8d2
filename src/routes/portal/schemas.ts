import { z } from "@hono/zod-openapi";

export const KeySignIn = z
  .object({
    apiKey: z.string().min(1).max(512).openapi({ description: "Admin or wallet API key" }),
  })
  .strict()
  .openapi("PortalKeySignIn", { example: { apiKey: "hwk_2b7e151628aed2a6abf7158809cf4f3c" } });

export const LinkSignIn = z
  .object({
    token: z.string().min(1).max(200).openapi({ description: "The token in a portal link" }),
  })
  .strict()
  .openapi("PortalLinkSignIn", {
    example: { token: "3q2-7wEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
  });

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
  .openapi("PortalSession", {
    example: {
      kind: "wallet",
      walletId: "0193a1b2-0000-7000-8000-000000000001",
      readOnly: false,
      expiresAt: "2026-12-02T04:00:00.000Z",
      csrfToken: "kq3Xw8VZ0n0pQ2iNnq3i5w",
    },
  });

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
  .openapi("CreatePortalLink", {
    example: { walletId: "0193a1b2-0000-7000-8000-000000000001", readOnly: true },
  });

export const PortalLink = z
  .object({
    url: z.string().openapi({ description: "Opens a portal session once, within 15 minutes" }),
    expiresAt: z.string(),
    walletId: z.string(),
    readOnly: z.boolean(),
  })
  .openapi("PortalLink", {
    example: {
      url: "https://herald.example.com/portal/#link=3q2-7wEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      expiresAt: "2026-12-01T16:15:00.000Z",
      walletId: "0193a1b2-0000-7000-8000-000000000001",
      readOnly: true,
    },
  });
