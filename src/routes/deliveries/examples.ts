// Examples for the OpenAPI document (what GET /openapi.json shows and generators copy).

const delivery = {
  id: "0192f4b2-8a10-7c3e-9d2f-4b5c6d7e8f90",
  eventId: "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
  webhookId: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
  eventType: "openid.credential.credential_issued",
  status: "succeeded" as const,
  attemptCount: 2,
  nextAttemptAt: null,
  lastStatusCode: 200,
  createdAt: "2026-01-01T10:00:00.000Z",
  updatedAt: "2026-01-01T10:00:05.412Z",
};

export const deliveryExamples = {
  delivery,
  withAttempts: {
    ...delivery,
    attempts: [
      {
        n: 1,
        startedAt: "2026-01-01T10:00:00.120Z",
        durationMs: 15001,
        statusCode: null,
        error: "timed out",
        responseBody: null,
      },
      {
        n: 2,
        startedAt: "2026-01-01T10:00:05.300Z",
        durationMs: 112,
        statusCode: 200,
        error: null,
        responseBody: "ok",
      },
    ],
  },
  recover: { since: "2026-01-01T09:00:00Z" },
  recovered: { recovered: 37 },
  retryQueued: { id: delivery.id, status: "pending" as const },
  testEvent: { eventType: "openid.credential.offer_sent" },
  testEventSent: {
    eventId: "5b2d7e8f-1a3c-4e6b-9d0f-2c4e6a8b0d13",
    webhookId: delivery.webhookId,
    type: "openid.credential.offer_sent",
    data: {
      credential: { CredentialExchangeId: "3e154218-88d5-4529-8143-bf1ccf0e08c0" },
      organisationId: "64ec561de2f6a8000142c671",
    },
  },
};
