import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import {
  errorResponses,
  IdParam,
  jsonBody,
  jsonContent,
  keySecurity,
  pageOf,
  problemOf,
  walletErrorResponses,
} from "../../schemas/common";
import {
  createWebhook,
  getWebhook,
  pageWebhooks,
  patchWebhook,
  removeWebhook,
  rotateWebhookSecret,
  webhookSecret,
} from "../../services/webhooks";
import { webhookDeps } from "../deps";
import { webhookExamples } from "./examples";
import {
  CreatedWebhook,
  CreateWebhookBody,
  RotateSecretBody,
  UpdateWebhookBody,
  Webhook,
  WebhookListQuery,
  WebhookSecret,
} from "./schemas";

const base = { tags: ["Webhooks"], security: keySecurity };

/** Webhook CRUD and signing secrets (iGrant's five operations, Svix's secret handling). */
export const webhookRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
webhookRoutes.use("*", requireKey());

webhookRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/",
    operationId: "createWebhook",
    summary: "Create a webhook",
    request: { body: jsonBody(CreateWebhookBody) },
    responses: {
      201: jsonContent(CreatedWebhook, "The webhook, with its signing secret"),
      403: problemOf("walletId names another wallet than the key's"),
      409: problemOf("The wallet has as many webhooks as its limit allows (quota-exceeded)"),
      ...errorResponses,
    },
  }),
  async (c) =>
    c.json(
      CreatedWebhook.parse(
        await createWebhook(webhookDeps(c), c.var.principal, c.req.valid("json")),
      ),
      201,
    ),
);

webhookRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/",
    operationId: "listWebhooks",
    summary: "List webhooks",
    request: { query: WebhookListQuery },
    responses: {
      200: jsonContent(pageOf(Webhook, webhookExamples.webhook), "A page of webhooks"),
      ...walletErrorResponses,
    },
  }),
  async (c) => {
    const { limit, cursor, walletId } = c.req.valid("query");
    const page = await pageWebhooks(webhookDeps(c), c.var.principal, limit, cursor, walletId);
    return c.json(pageOf(Webhook).parse(page), 200);
  },
);

webhookRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}",
    operationId: "getWebhook",
    summary: "Read a webhook",
    request: { params: IdParam },
    responses: { 200: jsonContent(Webhook, "The webhook"), ...errorResponses },
  }),
  async (c) =>
    c.json(
      Webhook.parse(await getWebhook(webhookDeps(c), c.var.principal, c.req.valid("param").id)),
      200,
    ),
);

webhookRoutes.openapi(
  createRoute({
    ...base,
    method: "patch",
    path: "/{id}",
    operationId: "updateWebhook",
    summary: "Update a webhook",
    request: { params: IdParam, body: jsonBody(UpdateWebhookBody) },
    responses: { 200: jsonContent(Webhook, "The updated webhook"), ...errorResponses },
  }),
  async (c) => {
    const updated = await patchWebhook(
      webhookDeps(c),
      c.var.principal,
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return c.json(Webhook.parse(updated), 200);
  },
);

webhookRoutes.openapi(
  createRoute({
    ...base,
    method: "delete",
    path: "/{id}",
    operationId: "deleteWebhook",
    summary: "Delete a webhook",
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    await removeWebhook(webhookDeps(c), c.var.principal, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

webhookRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}/secret",
    operationId: "getWebhookSecret",
    summary: "Read the signing secret",
    request: { params: IdParam },
    responses: { 200: jsonContent(WebhookSecret, "The current secret"), ...errorResponses },
  }),
  async (c) =>
    c.json(
      WebhookSecret.parse(
        await webhookSecret(webhookDeps(c), c.var.principal, c.req.valid("param").id),
      ),
      200,
    ),
);

webhookRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/{id}/secret/rotate",
    operationId: "rotateWebhookSecret",
    summary: "Rotate the signing secret (the old one signs too for 24 h)",
    request: {
      params: IdParam,
      body: { required: false, content: { "application/json": { schema: RotateSecretBody } } },
    },
    responses: { 200: jsonContent(WebhookSecret, "The new secret"), ...errorResponses },
  }),
  async (c) => {
    const { secret } = c.req.valid("json");
    return c.json(
      await rotateWebhookSecret(webhookDeps(c), c.var.principal, c.req.valid("param").id, secret),
      200,
    );
  },
);
