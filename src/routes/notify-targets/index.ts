import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import {
  errorResponses,
  jsonBody,
  jsonContent,
  keySecurity,
  problemOf,
} from "../../schemas/common";
import { notifyTargetSecret } from "../../services/notify-targets";
import { requestHost } from "../deps";

const NotifySecretRequest = z
  .object({
    url: z.string().min(1).max(2048).openapi({
      description: "The `notify.url` events name",
      example: "https://issuer.example.com/offers/42/callback",
    }),
    walletId: z.uuid().optional().openapi({
      description: "Admin only: the wallet whose events name it (default wallet when omitted)",
    }),
  })
  .strict()
  .openapi("NotifySecretRequest", {
    example: { url: "https://issuer.example.com/offers/42/callback" },
  });

const NotifySecret = z
  .object({
    url: z.string().openapi({ description: "The URL as Herald sends to it (fragment dropped)" }),
    walletId: z.string(),
    secret: z.string().openapi({
      description: "Standard Webhooks signing secret (whsec_…) of this (wallet, URL)",
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }),
  })
  .openapi("NotifySecret", {
    example: {
      url: "https://issuer.example.com/offers/42/callback",
      walletId: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    },
  });

/** One-off `notify` targets have no webhook to read a secret from: this is where their receivers get it. */
export const notifyTargetRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
notifyTargetRoutes.use("*", requireKey());

notifyTargetRoutes.openapi(
  createRoute({
    method: "post",
    path: "/secret",
    tags: ["Notify targets"],
    security: keySecurity,
    operationId: "getNotifyTargetSecret",
    summary: "Read the signing secret of a one-off notify target",
    description:
      "Events that name `notify: {url}` are delivered to that URL signed like any webhook, with a secret fixed per (wallet, URL). POST rather than GET keeps the URL out of query strings and logs.",
    request: { body: jsonBody(NotifySecretRequest) },
    responses: {
      200: jsonContent(NotifySecret, "The target's secret"),
      403: problemOf("walletId names another wallet than the key's"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const secret = await notifyTargetSecret(
      { db: c.var.db, config: c.var.config, requestHost: requestHost(c) },
      c.var.principal,
      c.req.valid("json"),
    );
    return c.json(secret, 200);
  },
);
