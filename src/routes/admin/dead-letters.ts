import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { eventsQueue } from "../../config";
import { validationHook } from "../../errors/validation-hook";
import { requireAdmin, requireKey } from "../../middleware/auth";
import {
  errorResponses,
  IdParam,
  jsonContent,
  keySecurity,
  PageQuery,
  pageOf,
  problemOf,
} from "../../schemas/common";
import { listDeadLetters, replayDeadLetter } from "../../services/dead-letters";

const DeadLetter = z
  .object({
    id: z.string().openapi({ description: "The queue message's id" }),
    queue: z.string(),
    body: z.unknown().openapi({ description: "The message as it was queued (ids, or an event)" }),
    attempts: z.number().int().openapi({ description: "Deliveries of the message before it died" }),
    receivedAt: z.string(),
    resolvedAt: z
      .string()
      .nullable()
      .openapi({ description: "When it was replayed; null: not yet" }),
  })
  .openapi("DeadLetter");

const example = {
  id: "8a1f0c3e5b7d49e2a6c4f0b1d3e5a7c9",
  queue: "herald-events-dlq",
  body: { kind: "handoff", walletId: "0193a1b2-0000-7000-8000-000000000001", eventIds: ["e-1"] },
  attempts: 11,
  receivedAt: "2026-12-01T16:00:00.000Z",
  resolvedAt: null,
};

const Replayed = z
  .object({ id: z.string(), replayedAt: z.string() })
  .openapi("ReplayedDeadLetter", { example: { id: example.id, replayedAt: example.receivedAt } });

const base = { tags: ["Operations"], security: keySecurity };
const adminOnly = { 403: problemOf("A wallet key on an admin route") };

/** `/v1/admin/dead-letters`: what the event queue gave up on, and replaying it (admin only). */
export const adminDeadLetterRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
adminDeadLetterRoutes.use("/dead-letters/*", requireKey(), requireAdmin());
adminDeadLetterRoutes.use("/dead-letters", requireKey(), requireAdmin());

adminDeadLetterRoutes.openapi(
  createRoute({
    ...base,
    method: "get",
    path: "/dead-letters",
    operationId: "listDeadLetters",
    summary: "List the messages that reached the dead-letter queue, oldest first (admin)",
    request: { query: PageQuery },
    responses: {
      200: jsonContent(pageOf(DeadLetter, example), "A page of dead letters"),
      ...errorResponses,
      ...adminOnly,
    },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    return c.json(await listDeadLetters(c.env.DB, c.var.principal, limit, cursor), 200);
  },
);

adminDeadLetterRoutes.openapi(
  createRoute({
    ...base,
    method: "post",
    path: "/dead-letters/{id}/replay",
    operationId: "replayDeadLetter",
    summary: "Send a dead letter's message to the event queue again (admin)",
    description:
      "Safe to replay: every step after the queue is idempotent on (wallet, event, webhook), so what was already delivered is not sent again.",
    request: { params: IdParam },
    responses: {
      202: jsonContent(Replayed, "Queued again"),
      ...errorResponses,
      ...adminOnly,
      409: problemOf("Already replayed, or not a message Herald's consumer takes"),
      503: problemOf("The queue refused it; retry after Retry-After"),
    },
  }),
  async (c) =>
    c.json(
      await replayDeadLetter(
        c.env.DB,
        eventsQueue(c.env),
        c.var.principal,
        c.req.valid("param").id,
      ),
      202,
    ),
);
