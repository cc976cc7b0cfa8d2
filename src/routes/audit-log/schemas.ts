import { z } from "@hono/zod-openapi";
import { PageQuery } from "../../schemas/common";

const example = {
  id: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
  walletId: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
  actor: "key:0192f4b2-6b2f-7c4d-9e3f-2a3b4c5d6e7f",
  action: "webhook.secret_rotated",
  target: "0192f4b2-7a00-7b3c-8d2e-1f2a3b4c5d6e",
  details: {},
  ip: "203.0.113.7",
  createdAt: "2026-01-01T09:00:00.000Z",
};

/** `GET /v1/audit-log`: a page, newest first; the admin may name a wallet. */
export const AuditLogQuery = PageQuery.extend({
  walletId: z.string().min(1).max(200).optional().openapi({
    description: "Admin only: one wallet's entries (every wallet's when omitted)",
  }),
});

export const AuditEntry = z
  .object({
    id: z.string(),
    walletId: z.string().nullable().openapi({ description: "null: a global webhook's change" }),
    actor: z.string().openapi({ description: "`admin`, `key:<API key id>`, or `wallet`" }),
    action: z.string(),
    target: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    ip: z.string().nullable().openapi({ description: "CF-Connecting-IP of the request" }),
    createdAt: z.string(),
  })
  .openapi("AuditEntry", { example });

export const AuditLogPage = z
  .object({ data: z.array(AuditEntry), nextCursor: z.string().nullable() })
  .openapi("AuditLogPage", { example: { data: [example], nextCursor: null } });
