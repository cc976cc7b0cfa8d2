import { deliveryExamples } from "../deliveries/examples";

// Examples for the OpenAPI document (what GET /openapi.json shows and generators copy).

const input = {
  type: "openid.credential.credential_issued",
  data: {
    credential: { CredentialExchangeId: "3e154218-88d5-4529-8143-bf1ccf0e08c0" },
    organisationId: "64ec561de2f6a8000142c671",
  },
  subject: "offer-123",
};

const logged = {
  id: "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
  walletId: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
  type: input.type,
  data: input.data,
  channels: [],
  subject: "offer-123",
  expiresAt: null,
  notify: null,
  createdAt: "2026-01-01T10:00:00.000Z",
};

export const eventExamples = {
  input,
  batch: {
    events: [
      input,
      { type: "openid.credential.offer_sent", data: input.data, id: "offer-123-sent" },
    ],
  },
  accepted: { id: logged.id },
  acceptedBatch: {
    data: [
      { id: logged.id, status: "accepted" as const },
      { id: "offer-123-sent", status: "duplicate" as const },
    ],
  },
  logged,
  page: { data: [logged], nextCursor: "MTA0Mg" },
  withDeliveries: { ...logged, deliveries: [deliveryExamples.delivery] },
};
