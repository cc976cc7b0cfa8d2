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
  .openapi("IdentusNotification", {
    example: {
      id: "0b1e9b32-4c8d-4f0e-9a7b-3d2c1e0f9a8b",
      ts: "2026-01-01T10:00:00Z",
      type: "ConnectionUpdated",
      data: {
        connectionId: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
        state: "InvitationGenerated",
      },
      walletId: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
    },
  });

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
  .openapi("WaltidNotification", {
    example: {
      id: "offer-id-123",
      type: "resolved_credential_offer",
      timestamp: 1767261600000,
      data: { credentialOffer: {} },
    },
  });

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

/** Proven's webhook call, as a Proven agent posts it: the event name and its record. */
export const ProvenCallBody = z
  .object({
    event: eventTypeSchema.openapi({ example: "credentials:done" }),
    webhook: payload.openapi({
      example: { state: "done", cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49" },
    }),
  })
  .strict()
  .openapi("ProvenCall", {
    example: {
      event: "credentials:done",
      webhook: {
        state: "done",
        connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
        cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
        wallet_id: "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
      },
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
  .openapi("IgrantNotification", {
    example: {
      deliveryID: "67f770eec8426b0b55e30c2e",
      webhookID: "67f770936e45cf84e6880d25",
      timestamp: "2025-04-10T07:19:10Z",
      type: "openid.credential.offer_sent",
      data: {
        credential: { CredentialExchangeId: "3e154218-88d5-4529-8143-bf1ccf0e08c0" },
        organisationId: "64ec561de2f6a8000142c671",
      },
    },
  });

export const AcceptedAgentEvent = z.object({ id: z.string() }).openapi("AcceptedAgentEvent", {
  example: { id: "0b1e9b32-4c8d-4f0e-9a7b-3d2c1e0f9a8b" },
});
