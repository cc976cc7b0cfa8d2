import { z } from "@hono/zod-openapi";
import {
  LIMIT_NAMES,
  type LimitName,
  limitOverridesSchema,
  type WalletLimits,
} from "../../domain/wallet-limits";

const defaultsExample = {
  webhooks: 100,
  eventTypes: 200,
  notifyUrlsPerDay: 1000,
  ingestPerSecond: 100,
  ingestBurst: 200,
  testSendsPerMinute: 10,
  doctorRunsPerMinute: 6,
  recoversPerHour: 20,
  streamListeners: 20,
  attemptExcerptBytes: 16384,
} satisfies WalletLimits;

const limitShape = Object.fromEntries(LIMIT_NAMES.map((n) => [n, z.number().int()])) as Record<
  LimitName,
  z.ZodNumber
>;

/** Every limit, as in force or as the defaults. */
export const Limits = z.object(limitShape).openapi("WalletLimits", { example: defaultsExample });

/** PATCH /v1/wallets/{id}: `limits` sets overrides; null returns a limit to its default. */
export const PatchWalletBody = z
  .object({
    limits: z
      .object(
        Object.fromEntries(
          Object.entries(limitOverridesSchema.shape).map(([name, schema]) => [
            name,
            schema.unwrap().nullable().optional(),
          ]),
        ),
      )
      .strict()
      .optional()
      .openapi({ description: "Per-wallet overrides; null removes one (the default applies)" }),
    igrantWebhookSecret: z.string().min(16).max(256).nullable().optional().openapi({
      description:
        "The secret iGrant.io signs this wallet's calls to /v1/ingest/igrant with (stored encrypted, never shown); null: IGRANT_WEBHOOK_SECRET",
    }),
  })
  .strict()
  .refine((body) => body.limits !== undefined || body.igrantWebhookSecret !== undefined, {
    message: "Send limits, igrantWebhookSecret or both",
  })
  .openapi("PatchWallet", { example: { limits: { ingestPerSecond: 500, webhooks: 250 } } });

/** A wallet with its limits: those in force, the admin's overrides, and the settings' defaults. */
export const WalletWithLimits = z
  .object({
    id: z.string(),
    name: z.string(),
    limits: Limits,
    overrides: Limits.partial(),
    defaults: Limits,
  })
  .openapi("WalletWithLimits", {
    example: {
      id: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
      name: "Acme issuer",
      limits: { ...defaultsExample, ingestPerSecond: 500, ingestBurst: 500, webhooks: 250 },
      overrides: { ingestPerSecond: 500, webhooks: 250 },
      defaults: defaultsExample,
    },
  });

const count = z.number().int();

/** GET /v1/usage and GET /v1/wallets/{id}/usage. */
export const WalletUsage = z
  .object({
    walletId: z.string(),
    limits: Limits,
    current: z.object({
      webhooks: count,
      eventTypes: count,
      notifyUrlsToday: count.openapi({ description: "Distinct notify URLs named since 00:00 UTC" }),
      streamListeners: count,
    }),
    remaining: z
      .object({ ingest: count, testSends: count, doctorRuns: count, recovers: count })
      .openapi({ description: "Whole tokens left in each rate's bucket now" }),
    last24h: z.object({ events: count, deliveries: count }),
    storedBytes: z
      .object({ events: count, attempts: count, total: count })
      .openapi({ description: "Bytes of event data and of receivers' answers kept in attempts" }),
  })
  .openapi("WalletUsage", {
    example: {
      walletId: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
      limits: defaultsExample,
      current: { webhooks: 3, eventTypes: 12, notifyUrlsToday: 41, streamListeners: 1 },
      remaining: { ingest: 187, testSends: 9, doctorRuns: 6, recovers: 20 },
      last24h: { events: 5210, deliveries: 15630 },
      storedBytes: { events: 3145728, attempts: 524288, total: 3670016 },
    },
  });
