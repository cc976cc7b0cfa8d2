import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { KeyScope } from "../domain/key-scopes";

// Mirrors migrations/*.sql, which stay the source of truth for the database itself; the indexes
// are listed too, so test/db/schema-matches-migrations.test.ts can hold the two to each other.

export const wallets = sqliteTable("wallets", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull(),
  bootstrappedAt: text("bootstrapped_at"),
  /** The wallet's own iGrant ingest secret, sealed; null: IGRANT_WEBHOOK_SECRET. */
  igrantWebhookSecretEnc: text("igrant_webhook_secret_enc"),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    walletId: text("wallet_id").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
    scopes: text("scopes", { mode: "json" })
      .$type<KeyScope[]>()
      .notNull()
      .default(sql`'["manage"]'`),
    name: text("name"),
    expiresAt: text("expires_at"),
  },
  (t) => [index("api_keys_wallet").on(t.walletId)],
);

export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    walletId: text("wallet_id"),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    eventTypes: text("event_types", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    channels: text("channels", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    format: text("format").notNull().default("standard"),
    secretEnc: text("secret_enc").notNull(),
    oldSecrets: text("old_secrets", { mode: "json" })
      .$type<OldSecret[]>()
      .notNull()
      .default(sql`'[]'`),
    bearerTokenEnc: text("bearer_token_enc"),
    apiKeyEnc: text("api_key_enc"),
    customHeaders: text("custom_headers", { mode: "json" })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
    customHeadersEnc: text("custom_headers_enc"),
    retry: text("retry", { mode: "json" }).$type<RetryColumn>().notNull(),
    ordering: text("ordering").notNull().default("fifo"),
    maxInFlight: integer("max_in_flight").notNull().default(6),
    rateLimitPerSecond: integer("rate_limit_per_second"),
    timeoutMs: integer("timeout_ms").notNull().default(15000),
    disabledReason: text("disabled_reason"),
    source: text("source").notNull().default("api"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    signature: text("signature").notNull().default("hmac"),
    payload: text("payload").notNull().default("full"),
    redact: text("redact", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    publicOrigin: text("public_origin"),
  },
  (t) => [
    index("webhooks_wallet").on(t.walletId, t.id),
    index("webhooks_global").on(t.id).where(sql`wallet_id IS NULL`),
  ],
);

export const signingKeys = sqliteTable(
  "signing_keys",
  {
    walletId: text("wallet_id").notNull(),
    id: text("id").notNull(),
    publicKey: text("public_key").notNull(),
    privateKeyEnc: text("private_key_enc").notNull(),
    createdAt: text("created_at").notNull(),
    retiredAt: text("retired_at"),
    expiresAt: text("expires_at"),
  },
  (t) => [
    primaryKey({ columns: [t.walletId, t.id] }),
    uniqueIndex("signing_keys_current").on(t.walletId).where(sql`retired_at IS NULL`),
  ],
);

export const events = sqliteTable(
  "events",
  {
    walletId: text("wallet_id").notNull(),
    id: text("id").notNull(),
    type: text("type").notNull(),
    data: text("data").notNull(),
    channels: text("channels", { mode: "json" }).$type<string[]>().notNull(),
    subject: text("subject"),
    expiresAt: text("expires_at"),
    notify: text("notify"),
    bodyHash: text("body_hash").notNull(),
    seq: integer("seq").notNull(),
    createdAt: text("created_at").notNull(),
    /** 1 for Herald's own operational events (migrations/0007), set only by Herald. */
    operational: integer("operational", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.walletId, t.id] }),
    index("events_wallet_seq").on(t.walletId, t.seq),
    index("events_created").on(t.createdAt),
    // Holds (wallet_id, rowid): the event log's position order (migrations/0004).
    index("events_wallet_position").on(t.walletId),
  ],
);

export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    walletId: text("wallet_id").notNull(),
    eventId: text("event_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    eventType: text("event_type").notNull(),
    status: text("status").notNull(),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: text("next_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    unique().on(t.webhookId, t.walletId, t.eventId),
    index("deliveries_webhook_created").on(t.webhookId, t.createdAt),
    index("deliveries_webhook_status").on(t.webhookId, t.status, t.updatedAt),
    index("deliveries_event").on(t.walletId, t.eventId),
    index("deliveries_status_updated").on(t.status, t.updatedAt),
    index("deliveries_open_due")
      .on(t.status, t.nextAttemptAt)
      .where(sql`status IN ('pending', 'sending')`),
  ],
);

export const attempts = sqliteTable(
  "attempts",
  {
    deliveryId: text("delivery_id").notNull(),
    n: integer("n").notNull(),
    webhookId: text("webhook_id").notNull(),
    startedAt: text("started_at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    responseBody: text("response_body"),
  },
  (t) => [
    primaryKey({ columns: [t.deliveryId, t.n] }),
    index("attempts_webhook_started").on(t.webhookId, t.startedAt),
  ],
);

export const deadLetters = sqliteTable("dead_letters", {
  id: text("id").primaryKey(),
  queue: text("queue").notNull(),
  body: text("body").notNull(),
  attempts: integer("attempts").notNull(),
  receivedAt: text("received_at").notNull(),
  resolvedAt: text("resolved_at"),
});

export const authEpoch = sqliteTable("auth_epoch", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    walletId: text("wallet_id"),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    details: text("details", { mode: "json" })
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    ip: text("ip"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("audit_log_wallet").on(t.walletId, t.id)],
);

export const deletedWallets = sqliteTable(
  "deleted_wallets",
  {
    id: text("id").primaryKey(),
    deletedAt: text("deleted_at").notNull(),
    purgedAt: text("purged_at"),
  },
  (t) => [index("deleted_wallets_unpurged").on(t.id).where(sql`purged_at IS NULL`)],
);

/** A rotated-out signing secret, still used for a second signature until it expires. */
export interface OldSecret {
  secretEnc: string;
  expiresAt: string;
}

/** The stored retry policy: a preset name or a custom schedule in seconds. */
export type RetryColumn = { preset: "standard" | "identus" | "none" } | { schedule: number[] };

export type WebhookRow = typeof webhooks.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type WalletRow = typeof wallets.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type AttemptRow = typeof attempts.$inferSelect;
export type SigningKeyRow = typeof signingKeys.$inferSelect;

/** The admin's per-wallet limit overrides (README, "Limits"); no row means the defaults. */
export const walletLimits = sqliteTable("wallet_limits", {
  walletId: text("wallet_id").primaryKey(),
  overrides: text("overrides", { mode: "json" })
    .$type<Record<string, number>>()
    .notNull()
    .default(sql`'{}'`),
  updatedAt: text("updated_at").notNull(),
});
