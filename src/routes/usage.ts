import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { validationHook } from "../errors/validation-hook";
import { requireKey } from "../middleware/auth";
import { jsonContent, keySecurity, walletErrorResponses } from "../schemas/common";
import { requestWallet } from "../services/request-wallet";
import { walletUsage } from "../services/wallet-limits";
import { WalletUsage } from "./wallets/limits-schemas";

const UsageQuery = z.object({
  walletId: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "The admin names a wallet (default: the default wallet)" }),
});

/** GET /v1/usage: the caller's wallet against its limits. */
export const usageRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
usageRoutes.use("*", requireKey());

usageRoutes.openapi(
  createRoute({
    tags: ["Wallets"],
    security: keySecurity,
    method: "get",
    path: "/",
    operationId: "getUsage",
    summary: "The wallet's usage against its limits",
    request: { query: UsageQuery },
    responses: {
      200: jsonContent(WalletUsage, "Counts, rates left, traffic over 24 h, stored bytes"),
      ...walletErrorResponses,
    },
  }),
  async (c) => {
    const scope = await requestWallet(c.var.db, c.var.principal, {
      named: c.req.valid("query").walletId,
      field: "walletId",
      whenUnnamed: "default-wallet",
    });
    const usage = await walletUsage(
      {
        db: c.var.db,
        config: c.var.config,
        limiters: c.env.WALLET_LIMITER,
        streams: c.env.WALLET_STREAM,
      },
      scope.walletId,
    );
    return c.json(WalletUsage.parse(usage), 200);
  },
);
