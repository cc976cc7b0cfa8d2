import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import type { WalletLimits } from "../../domain/wallet-limits";
import { validationHook } from "../../errors/validation-hook";
import { requireAdmin, requireKey } from "../../middleware/auth";
import {
  errorResponses,
  IdParam,
  jsonBody,
  jsonContent,
  keySecurity,
  PageQuery,
  pageOf,
  problemOf,
} from "../../schemas/common";
import { setWalletLimits, walletUsage } from "../../services/wallet-limits";
import {
  addWalletKey,
  createWallet,
  getWallet,
  pageWallets,
  removeWallet,
  revokeWalletKey,
  updateWallet,
  walletKeys,
  walletView,
} from "../../services/wallets";
import { requestAuditor } from "../deps";
import { walletExamples } from "./examples";
import { PatchWalletBody, WalletUsage, WalletWithLimits } from "./limits-schemas";
import {
  ApiKey,
  CreateApiKeyBody,
  CreatedApiKey,
  CreatedWallet,
  CreateWalletBody,
  Wallet,
  WalletKeyParams,
} from "./schemas";

const adminErrors = { ...errorResponses, 403: problemOf("A wallet key on an admin route") };
const base = { tags: ["Wallets"], security: keySecurity };

/** Admin-only tenant management: wallets and their API keys. */
export const walletRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
walletRoutes.use("*", requireKey(), requireAdmin());

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/",
    operationId: "createWallet",
    summary: "Create a wallet and its first API key",
    request: { body: jsonBody(CreateWalletBody) },
    responses: {
      201: jsonContent(CreatedWallet, "The wallet, with its API key shown once"),
      409: problemOf("Id taken"),
      ...adminErrors,
    },
  }),
  async (c) => {
    const { name, id } = c.req.valid("json");
    return c.json(
      CreatedWallet.parse(await createWallet(c.var.db, c.var.principal, name, id)),
      201,
    );
  },
);

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/",
    operationId: "listWallets",
    summary: "List wallets",
    request: { query: PageQuery },
    responses: {
      200: jsonContent(pageOf(Wallet, walletExamples.wallet), "A page of wallets"),
      ...adminErrors,
    },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    return c.json(await pageWallets(c.var.db, c.var.principal, limit, cursor), 200);
  },
);

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}",
    operationId: "getWallet",
    summary: "Read a wallet",
    request: { params: IdParam },
    responses: { 200: jsonContent(Wallet, "The wallet"), ...adminErrors },
  }),
  async (c) =>
    c.json(
      Wallet.parse(walletView(await getWallet(c.var.db, c.var.principal, c.req.valid("param").id))),
      200,
    ),
);

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "patch",
    path: "/{id}",
    operationId: "updateWallet",
    summary: "Change a wallet's settings: its limit overrides and its own iGrant ingest secret",
    request: { params: IdParam, body: jsonBody(PatchWalletBody) },
    responses: {
      200: jsonContent(WalletWithLimits, "The wallet with the limits now in force"),
      ...adminErrors,
    },
  }),
  async (c) => {
    const { limits = {}, igrantWebhookSecret } = c.req.valid("json");
    if (igrantWebhookSecret !== undefined)
      await updateWallet(c.var.db, c.var.principal, c.var.config.keyRing, c.req.valid("param").id, {
        igrantWebhookSecret,
      });
    const result = await setWalletLimits(
      { db: c.var.db, config: c.var.config, limiters: c.env.WALLET_LIMITER },
      c.var.principal,
      c.req.valid("param").id,
      limits as { [K in keyof WalletLimits]?: number | null },
    );
    return c.json(WalletWithLimits.parse(result), 200);
  },
);

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}/usage",
    operationId: "getWalletUsage",
    summary: "A wallet's usage against its limits",
    request: { params: IdParam },
    responses: {
      200: jsonContent(WalletUsage, "Counts, rates left, traffic, stored bytes"),
      ...adminErrors,
    },
  }),
  async (c) => {
    const wallet = await getWallet(c.var.db, c.var.principal, c.req.valid("param").id);
    const usage = await walletUsage(
      {
        db: c.var.db,
        config: c.var.config,
        limiters: c.env.WALLET_LIMITER,
        streams: c.env.WALLET_STREAM,
      },
      wallet.id,
    );
    return c.json(WalletUsage.parse(usage), 200);
  },
);

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "delete",
    path: "/{id}",
    operationId: "deleteWallet",
    summary: "Delete a wallet with its keys and webhooks",
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, ...adminErrors },
  }),
  async (c) => {
    await removeWallet(c.var.db, c.var.principal, c.req.valid("param").id, requestAuditor(c));
    return c.body(null, 204);
  },
);

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/api-keys",
    operationId: "createApiKey",
    summary: "Issue another API key for a wallet, with scopes, a name and an expiry",
    description:
      "Without a body the key gets the `manage` scope (everything the wallet may do) and no expiry.",
    request: {
      params: IdParam,
      body: { required: false, content: { "application/json": { schema: CreateApiKeyBody } } },
    },
    responses: { 201: jsonContent(CreatedApiKey, "The key, shown once"), ...adminErrors },
  }),
  async (c) => {
    const options = (c.req.valid("json") as CreateApiKeyBody | undefined) ?? {};
    const key = await addWalletKey(
      c.var.db,
      c.var.principal,
      c.req.valid("param").id,
      options,
      requestAuditor(c),
    );
    return c.json(CreatedApiKey.parse(key), 201);
  },
);

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}/api-keys",
    operationId: "listApiKeys",
    summary: "List a wallet's API keys (prefixes only)",
    request: { params: IdParam },
    responses: {
      200: jsonContent(
        z.object({ data: z.array(ApiKey) }).openapi({ example: { data: [walletExamples.apiKey] } }),
        "The keys",
      ),
      ...adminErrors,
    },
  }),
  async (c) =>
    c.json(
      {
        data: z
          .array(ApiKey)
          .parse(await walletKeys(c.var.db, c.var.principal, c.req.valid("param").id)),
      },
      200,
    ),
);

walletRoutes.openapi(
  createRoute({
    ...base,
    method: "delete",
    path: "/{id}/api-keys/{keyId}",
    operationId: "revokeApiKey",
    summary: "Revoke an API key",
    request: { params: WalletKeyParams },
    responses: { 204: { description: "Revoked" }, ...adminErrors },
  }),
  async (c) => {
    const { id, keyId } = c.req.valid("param");
    await revokeWalletKey(c.var.db, c.var.principal, id, keyId, requestAuditor(c));
    return c.body(null, 204);
  },
);
