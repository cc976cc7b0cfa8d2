import { z } from "@hono/zod-openapi";
import { eventTypeSchema } from "../../domain/event-type-pattern";
import { clientEventId } from "../events/schemas";

// Agent ids become Herald event ids, so they follow POST /v1/events' rule for a client id
// (clientEventId).
const payload = z.record(z.string(), z.unknown());

// Envelopes are strict where the seeds fix them (Identus, walt.id, iGrant): Herald's own
// formats rebuild exactly these fields, so an unknown field would be dropped without a trace;
// a 400 naming it shows the drift at once. `data` and ACA-Py's records are free: agents add
// fields to them with every protocol version, and Herald passes them on untouched.

/** Identus Cloud Agent's notification, as the agent posts it. */
export const IdentusNotificationBody = z
  .object({
    id: clientEventId.openapi({
      description: "Identus' event id (a UUID); becomes Herald's event id",
    }),
    ts: z.iso.datetime({ offset: true }),
    type: eventTypeSchema.openapi({ example: "ConnectionUpdated" }),
    data: payload.openapi({
      example: {
        connectionId: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
        state: "InvitationGenerated",
      },
    }),
    walletId: z.uuid().optional().openapi({
      description: "A wallet key must match it; the admin key files the event under it",
    }),
  })
  .strict()
  .openapi("IdentusNotification");

/** walt.id Issuer2's notification, as the issuer posts it. */
export const WaltidNotificationBody = z
  .object({
    id: z.string().min(1).max(256).openapi({
      description: "The offer/session id; becomes the event's subject",
      example: "offer-id-123",
    }),
    type: eventTypeSchema.openapi({ example: "resolved_credential_offer" }),
    timestamp: z
      .number()
      .int()
      .nonnegative()
      .openapi({ description: "Unix ms", example: 1704067200000 }),
    data: payload.openapi({ example: { credentialOffer: {} } }),
  })
  .strict()
  .openapi("WaltidNotification");

/** ACA-Py's topic in the webhook path; any event type name. */
export const AcapyTopicParam = z.object({
  topic: eventTypeSchema.openapi({
    param: { name: "topic", in: "path" },
    example: "issue_credential_v2_0",
  }),
});

/** ACA-Py's multitenancy header naming the sub-wallet. */
export const AcapyHeaders = z.object({
  "x-wallet-id": z
    .uuid()
    .optional()
    .openapi({ description: "A wallet key must match it; the admin key files the event under it" }),
});

/** ACA-Py's webhook body: the record of the topic, as is. */
export const AcapyRecordBody = payload.openapi("AcapyRecord", {
  example: {
    state: "done",
    connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
    cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
  },
});

/** iGrant.io's notification, as iGrant posts it. */
export const IgrantNotificationBody = z
  .object({
    deliveryID: clientEventId.openapi({
      description: "Becomes Herald's event id",
      example: "67f770eec8426b0b55e30c2e",
    }),
    webhookID: z.string().min(1).max(128).openapi({ example: "67f770936e45cf84e6880d25" }),
    timestamp: z.iso.datetime({ offset: true }).openapi({ example: "2025-04-10T07:19:10Z" }),
    type: eventTypeSchema.openapi({ example: "openid.credential.offer_sent" }),
    data: payload.openapi({ example: { organisationId: "64ec561de2f6a8000142c671" } }),
  })
  .strict()
  .openapi("IgrantNotification");

export const AcceptedAgentEvent = z.object({ id: z.string() }).openapi("AcceptedAgentEvent");
