import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { customHeadersSchema } from "../../domain/custom-headers";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import {
  errorResponses,
  IdParam,
  jsonBody,
  jsonContent,
  keySecurity,
  problemOf,
} from "../../schemas/common";
import { createWebhook, getWebhook, pageWebhooks, removeWebhook } from "../../services/webhooks";
import { webhookDeps } from "../deps";

// Identus' own request and response shapes, so an Identus client works unchanged.
const identusWebhookExample = {
  id: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
  url: "https://agent.example.com/webhooks",
  customHeaders: { Authorization: "[redacted]" },
  createdAt: "2026-01-01T09:05:00.000Z",
};
const IdentusCreateBody = z
  .object({ url: z.string().max(2048), customHeaders: customHeadersSchema.optional() })
  .openapi("IdentusCreateWebhook", {
    example: {
      url: "https://agent.example.com/webhooks",
      customHeaders: { Authorization: "Bearer agent-token" },
    },
  });

const IdentusWebhook = z
  .object({
    id: z.string(),
    url: z.string(),
    customHeaders: z.record(z.string(), z.string()),
    createdAt: z.string(),
  })
  .openapi("IdentusWebhook", { example: identusWebhookExample });

const IdentusPage = z
  .object({
    self: z.string(),
    kind: z.literal("WebhookNotificationPage"),
    pageOf: z.string(),
    contents: z.array(IdentusWebhook),
  })
  .openapi("IdentusWebhookPage", {
    example: {
      self: "/events/webhooks",
      kind: "WebhookNotificationPage",
      pageOf: "/events/webhooks",
      contents: [identusWebhookExample],
    },
  });

function identusView(w: {
  id: string;
  url: string;
  customHeaders: Record<string, string>;
  createdAt: string;
}) {
  return { id: w.id, url: w.url, customHeaders: w.customHeaders, createdAt: w.createdAt };
}

const base = { tags: ["Identus compatibility"], security: keySecurity };

/** `/events/webhooks`: the Identus Cloud Agent's webhook API; webhooks made here use the identus format. */
export const identusWebhookRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
identusWebhookRoutes.use("*", requireKey());

identusWebhookRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/",
    operationId: "createIdentusWebhook",
    summary: "Create a wallet webhook (Identus shape)",
    request: { body: jsonBody(IdentusCreateBody) },
    responses: {
      200: jsonContent(IdentusWebhook, "The webhook"),
      409: problemOf("The wallet has as many webhooks as its limit allows (quota-exceeded)"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const created = await createWebhook(
      webhookDeps(c),
      c.var.principal,
      { ...body, format: "identus" },
      "identus",
    );
    return c.json(IdentusWebhook.parse(identusView(created)), 200);
  },
);

identusWebhookRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/",
    operationId: "listIdentusWebhooks",
    summary: "List the wallet's webhooks (Identus shape)",
    responses: { 200: jsonContent(IdentusPage, "The webhooks"), ...errorResponses },
  }),
  async (c) => {
    const deps = webhookDeps(c);
    const contents = [];
    let cursor: string | undefined;
    // Identus returns every webhook at once; a wallet has few, so page through them here.
    do {
      const page = await pageWebhooks(deps, c.var.principal, 100, cursor);
      contents.push(...page.data.map(identusView));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && contents.length < 1000);
    const self = new URL(c.req.url).pathname;
    return c.json({ self, kind: "WebhookNotificationPage" as const, pageOf: self, contents }, 200);
  },
);

identusWebhookRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/{id}",
    operationId: "getIdentusWebhook",
    summary: "Read a webhook (Identus shape)",
    request: { params: IdParam },
    responses: { 200: jsonContent(IdentusWebhook, "The webhook"), ...errorResponses },
  }),
  async (c) =>
    c.json(
      IdentusWebhook.parse(
        identusView(await getWebhook(webhookDeps(c), c.var.principal, c.req.valid("param").id)),
      ),
      200,
    ),
);

identusWebhookRoutes.openapi(
  createRoute({
    ...base,
    method: "delete",
    path: "/{id}",
    operationId: "deleteIdentusWebhook",
    summary: "Delete a webhook (Identus shape)",
    request: { params: IdParam },
    responses: { 200: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    await removeWebhook(webhookDeps(c), c.var.principal, c.req.valid("param").id);
    return c.body(null, 200);
  },
);
