import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { validationHook } from "../errors/validation-hook";
import { requireKey } from "../middleware/auth";
import { jsonContent, keySecurity, walletErrorResponses } from "../schemas/common";
import { webhookStats } from "../services/stats";
import { webhookDeps } from "./deps";

const count = z.number().int();

const webhookStatsExample = {
  webhookId: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
  url: "https://verifier.example.com/hooks",
  enabled: true,
  deliveries: { pending: 0, sending: 0, succeeded: 412, failed: 37, expired: 0, total: 449 },
  successRate: 0.9175,
  attempts: 745,
  latencyMs: { p50: 41, p95: 180, p99: 15000 },
  backlog: 12,
  oldestPendingAgeSeconds: 3480,
};
const WebhookStats = z
  .object({
    webhookId: z.string(),
    url: z.string(),
    enabled: z.boolean(),
    deliveries: z.object({
      pending: count,
      sending: count,
      succeeded: count,
      failed: count,
      expired: count,
      total: count,
    }),
    successRate: z
      .number()
      .nullable()
      .openapi({ description: "succeeded / (succeeded + failed + expired); null when none ended" }),
    attempts: count,
    latencyMs: z.object({
      p50: z.number().nullable(),
      p95: z.number().nullable(),
      p99: z.number().nullable(),
    }),
    backlog: count.openapi({ description: "Deliveries open now (pending or sending)" }),
    oldestPendingAgeSeconds: z.number().nullable(),
  })
  .openapi("WebhookStats", { example: webhookStatsExample });

const StatsPage = z
  .object({
    window: z.object({ since: z.string(), until: z.string() }),
    data: z.array(WebhookStats),
    nextCursor: z.string().nullable(),
  })
  .openapi("Stats", {
    example: {
      window: { since: "2026-01-01T00:00:00.000Z", until: "2026-01-02T00:00:00.000Z" },
      data: [webhookStatsExample],
      nextCursor: null,
    },
  });

const StatsQuery = z.object({
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "Window start (default: 24 h before until)" }),
  until: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "Window end (default: now)" }),
  limit: z.coerce.number().int().min(1).max(90).default(50),
  cursor: z.string().max(500).optional(),
  walletId: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Admin only: one wallet's webhooks, or `global`" }),
});

/** `GET /v1/stats`: per-webhook delivery figures over a window. */
export const statsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
statsRoutes.use("*", requireKey());

statsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Stats"],
    security: keySecurity,
    operationId: "getStats",
    summary: "Per-webhook delivery statistics over a window",
    request: { query: StatsQuery },
    responses: { 200: jsonContent(StatsPage, "Figures per webhook"), ...walletErrorResponses },
  }),
  async (c) =>
    c.json(
      StatsPage.parse(await webhookStats(webhookDeps(c), c.var.principal, c.req.valid("query"))),
      200,
    ),
);
