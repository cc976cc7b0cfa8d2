// The API's shapes, as the OpenAPI document at /openapi.json describes them.

export const FORMATS = ["standard", "identus", "waltid", "proven", "acapy", "igrant"] as const;

export type RetryPolicy = { preset: "standard" | "identus" | "none" } | { schedule: number[] };

export interface Webhook {
  id: string;
  walletId: string | null;
  url: string;
  description: string;
  enabled: boolean;
  eventTypes: string[];
  channels: string[];
  format: (typeof FORMATS)[number];
  bearerToken: string | null;
  apiKey: string | null;
  customHeaders: Record<string, string>;
  retry: RetryPolicy;
  ordering: "fifo" | "unordered";
  maxInFlight: number;
  rateLimitPerSecond: number | null;
  timeoutMs: number;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookStats {
  webhookId: string;
  url: string;
  enabled: boolean;
  deliveries: Record<"pending" | "sending" | "succeeded" | "failed" | "expired" | "total", number>;
  successRate: number | null;
  attempts: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  backlog: number;
  oldestPendingAgeSeconds: number | null;
}

export const DELIVERY_STATUSES = ["pending", "sending", "succeeded", "failed", "expired"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  id: string;
  eventId: string;
  webhookId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Attempt {
  n: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
}

export interface EventType {
  name: string;
  description: string;
  source: string;
  deprecated: boolean;
  schema: Record<string, unknown> | null;
  example: Record<string, unknown> | null;
}

export interface LoggedEvent {
  id: string;
  walletId: string;
  type: string;
  data: Record<string, unknown>;
  channels: string[];
  subject: string | null;
  createdAt: string;
}

export interface Wallet {
  id: string;
  name: string;
  createdAt: string;
}
