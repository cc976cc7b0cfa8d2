// Examples for the OpenAPI document (what GET /openapi.json shows and generators copy).

const webhook = {
  id: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
  walletId: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
  url: "https://receiver.example.com/hooks",
  description: "Issuance events for the CRM",
  enabled: true,
  eventTypes: ["openid.credential.*"],
  channels: [],
  format: "standard" as const,
  bearerToken: null,
  apiKey: "[redacted]",
  customHeaders: { "X-Team": "issuance" },
  retry: { preset: "standard" as const },
  ordering: "fifo" as const,
  maxInFlight: 1,
  rateLimitPerSecond: null,
  timeoutMs: 15000,
  disabledReason: null,
  signature: "hmac" as const,
  payload: "full" as const,
  redact: [],
  createdAt: "2026-01-01T09:05:00.000Z",
  updatedAt: "2026-01-01T09:05:00.000Z",
};

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export const webhookExamples = {
  create: {
    url: "https://receiver.example.com/hooks",
    description: "Issuance events for the CRM",
    eventTypes: ["openid.credential.*"],
    apiKey: "crm-inbound-key",
    customHeaders: { "X-Team": "issuance" },
  },
  update: { enabled: false, description: "Paused while the CRM migrates" },
  webhook,
  created: { ...webhook, secret },
  secret: { secret },
  rotate: { secret: "whsec_FBtQVHbsAac/aukhzHKbBWbzOMC27pcaoSTwSgaZ5Ag=" },
};
