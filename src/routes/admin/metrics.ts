import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { accepts } from "hono/accepts";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireAdmin, requireKey } from "../../middleware/auth";
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "../../observability/prometheus";
import { usageCounts, usageFamilies } from "../../observability/usage-counters";
import { errorResponses, keySecurity, problemOf } from "../../schemas/common";
import { metricFamilies, operatorMetrics } from "../../services/metrics";

const count = z.number().int();
const age = z.number().int().nullable().openapi({ description: "Seconds; null when none is open" });

const Metrics = z
  .object({
    generatedAt: z.string(),
    backlog: z.object({
      pending: count,
      sending: count,
      total: count,
      oldestPendingAgeSeconds: age,
    }),
    failures: z.object({
      deliveriesFailedLastHour: count,
      deliveriesFailedLast24Hours: count,
      deadLettersUnresolved: count,
      deadLettersTotal: count,
    }),
    walletBacklog: z
      .array(z.object({ walletId: z.string(), open: count, oldestPendingAgeSeconds: age }))
      .openapi({ description: "The wallets with the most open deliveries, most first" }),
    isolate: z
      .object({
        startedAt: z.string(),
        d1Calls: count,
        d1Statements: count,
        d1RowsRead: count,
        d1RowsWritten: count,
        objectCalls: count,
      })
      .openapi({
        description:
          "What the isolate that answered asked of D1 and of Durable Objects since it started (running totals; one isolate of many in production). Rows are those D1 reported (run, all and batch report them; raw and first do not).",
      }),
  })
  .openapi("Metrics", {
    example: {
      generatedAt: "2026-12-01T16:00:00.000Z",
      backlog: { pending: 12, sending: 2, total: 14, oldestPendingAgeSeconds: 37 },
      failures: {
        deliveriesFailedLastHour: 1,
        deliveriesFailedLast24Hours: 9,
        deadLettersUnresolved: 0,
        deadLettersTotal: 2,
      },
      walletBacklog: [
        { walletId: "0193a1b2-0000-7000-8000-000000000001", open: 11, oldestPendingAgeSeconds: 37 },
      ],
      isolate: {
        startedAt: "2026-12-01T15:00:00.000Z",
        d1Calls: 5210,
        d1Statements: 9873,
        d1RowsRead: 20411,
        d1RowsWritten: 8120,
        objectCalls: 3102,
      },
    },
  });

const MetricsQuery = z.object({
  top: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .default(10)
    .openapi({ description: "How many wallets walletBacklog lists" }),
});

/** `GET /v1/admin/metrics`: service-wide delivery figures for operators, JSON or Prometheus text. */
export const adminMetricsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
adminMetricsRoutes.use("*", requireKey(), requireAdmin());

adminMetricsRoutes.openapi(
  createRoute({
    method: "get",
    path: "/metrics",
    operationId: "getAdminMetrics",
    tags: ["Operations"],
    security: keySecurity,
    summary: "Backlog, oldest open delivery and failure counts across all wallets (admin)",
    description:
      "Read from D1's mirror of the webhook objects. JSON by default; the Prometheus text format (0.0.4) when the Accept header prefers text/plain.",
    request: { query: MetricsQuery },
    responses: {
      200: {
        description: "The figures now",
        content: {
          "application/json": { schema: Metrics },
          "text/plain": { schema: z.string().openapi({ example: "herald_deliveries_open 0" }) },
        },
      },
      ...errorResponses,
      403: problemOf("A wallet key on an admin route"),
    },
  }),
  async (c) => {
    const metrics = Metrics.parse({
      ...(await operatorMetrics(c.var.db, c.var.principal, {
        now: Date.now(),
        topWallets: c.req.valid("query").top,
      })),
      isolate: usageCounts(),
    });
    const format = accepts(c, {
      header: "Accept",
      supports: ["application/json", "text/plain"],
      default: "application/json",
    });
    if (format === "text/plain")
      return c.text(renderPrometheus([...metricFamilies(metrics), ...usageFamilies()]), 200, {
        "content-type": PROMETHEUS_CONTENT_TYPE,
      });
    return c.json(metrics, 200);
  },
);
