import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireAdmin, requireKey } from "../../middleware/auth";
import { errorResponses, jsonContent, keySecurity, problemOf } from "../../schemas/common";
import { reencryptBatch } from "../../services/reencrypt";

const ReencryptBody = z
  .object({
    limit: z.number().int().min(1).max(500).default(100).openapi({
      description: "How many webhooks (and events with a notify token) one call re-seals",
    }),
  })
  .strict()
  .openapi("ReencryptRequest", { example: { limit: 100 } });

const Reencrypted = z
  .object({
    keyId: z.string().openapi({ description: "The id of the key everything is moving to" }),
    reencrypted: z.object({
      webhooks: z.number().int(),
      events: z.number().int(),
      signingKeys: z.number().int(),
      walletIgrantSecrets: z.number().int(),
    }),
    remaining: z.boolean().openapi({ description: "Call again while true" }),
  })
  .openapi("Reencrypted", {
    example: {
      keyId: "3f9a0c1e",
      reencrypted: { webhooks: 100, events: 12, signingKeys: 3, walletIgrantSecrets: 1 },
      remaining: true,
    },
  });

/** `POST /v1/admin/reencrypt`: moves stored secrets to the first of ENCRYPTION_KEYS, a batch a call. */
export const adminReencryptRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
adminReencryptRoutes.use("*", requireKey(), requireAdmin());

adminReencryptRoutes.openapi(
  createRoute({
    method: "post",
    path: "/reencrypt",
    operationId: "reencryptSecrets",
    tags: ["Operations"],
    security: keySecurity,
    summary: "Re-seal stored secrets under the newest encryption key, one bounded batch (admin)",
    request: {
      body: { required: false, content: { "application/json": { schema: ReencryptBody } } },
    },
    responses: {
      200: jsonContent(Reencrypted, "What this batch moved"),
      ...errorResponses,
      403: problemOf("A wallet key on an admin route"),
    },
  }),
  async (c) => {
    const { limit } = ReencryptBody.parse(c.req.valid("json") ?? {});
    const moved = await reencryptBatch(c.var.db, c.var.principal, c.var.config.keyRing, limit);
    return c.json(Reencrypted.parse(moved), 200);
  },
);
