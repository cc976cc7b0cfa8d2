import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { validationHook } from "../../errors/validation-hook";
import { requireKey } from "../../middleware/auth";
import { jsonContent, keySecurity, walletErrorResponses } from "../../schemas/common";
import { pageAuditLog } from "../../services/audit";
import { AuditLogPage, AuditLogQuery } from "./schemas";

/** `GET /v1/audit-log`: who changed what in a wallet, when and from where. */
export const auditLogRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
auditLogRoutes.use("*", requireKey());

auditLogRoutes.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Audit log"],
    security: keySecurity,
    operationId: "listAuditLog",
    summary: "Management changes, newest first: webhooks, secrets, keys, limits, recovery",
    request: { query: AuditLogQuery },
    responses: { 200: jsonContent(AuditLogPage, "A page of entries"), ...walletErrorResponses },
  }),
  async (c) =>
    c.json(
      AuditLogPage.parse(await pageAuditLog(c.var.db, c.var.principal, c.req.valid("query"))),
      200,
    ),
);
