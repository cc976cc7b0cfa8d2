import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { jsonContent } from "../schemas/common";

const Health = z
  .object({ status: z.literal("ok"), service: z.literal("herald"), version: z.string() })
  .openapi("Health", { example: { status: "ok", service: "herald", version: "0.1.0" } });

/** `GET /health`: liveness, no key, no storage touched. */
export const healthRoutes = new OpenAPIHono<AppEnv>();

healthRoutes.openapi(
  createRoute({
    method: "get",
    path: "/health",
    tags: ["Meta"],
    operationId: "getHealth",
    summary: "Liveness",
    responses: { 200: jsonContent(Health, "Herald is up") },
  }),
  (c) => c.json({ status: "ok" as const, service: "herald" as const, version: "0.1.0" }, 200),
);
