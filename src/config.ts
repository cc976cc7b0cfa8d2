import { z } from "zod";
import { HeraldError } from "./errors/herald-error";

const flag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === ""
        ? fallback
        : ["1", "true", "yes", "on"].includes(v.trim().toLowerCase()),
    );

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : null));

const positiveNumber = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? fallback : Number(v)))
    .pipe(z.number().positive());

/** A whole number at least `min`, `fallback` when unset. */
const wholeNumber = (fallback: number, min = 1) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? fallback : Number(v)))
    .pipe(z.number().int().min(min));

const configSchema = z.object({
  ADMIN_API_KEY: z.string().min(16, "ADMIN_API_KEY must be at least 16 characters"),
  ENCRYPTION_KEY: z.string().refine((v) => {
    try {
      return Uint8Array.fromBase64(v).length === 32;
    } catch {
      return false;
    }
  }, "ENCRYPTION_KEY must be 32 bytes, base64-encoded"),
  ALLOW_PRIVATE_DESTINATIONS: flag(false),
  ALLOW_INSECURE_URLS: flag(false),
  DEFAULT_WALLET_ENABLED: flag(true),
  DEFAULT_WALLET_WEBHOOK_URL: optionalText,
  DEFAULT_WALLET_WEBHOOK_API_KEY: optionalText,
  GLOBAL_WEBHOOK_URL: optionalText,
  GLOBAL_WEBHOOK_API_KEY: optionalText,
  IGRANT_WEBHOOK_SECRET: optionalText,
  AUTO_DISABLE_AFTER_HOURS: positiveNumber(120),
  EVENT_RETENTION_DAYS: positiveNumber(30),
  // Per-wallet limits (README, "Limits"); the admin overrides them per wallet with PATCH /v1/wallets/{id}.
  // A quota of 0 is allowed (the wallet may hold none); the ingest rate is at least 1.
  LIMIT_WEBHOOKS: wholeNumber(100, 0),
  LIMIT_EVENT_TYPES: wholeNumber(200, 0),
  LIMIT_NOTIFY_URLS_PER_DAY: wholeNumber(1000, 0),
  LIMIT_INGEST_PER_SECOND: wholeNumber(100),
  LIMIT_INGEST_BURST: wholeNumber(200),
  LIMIT_TEST_SENDS_PER_MINUTE: wholeNumber(10, 0),
  LIMIT_DOCTOR_RUNS_PER_MINUTE: wholeNumber(6, 0),
  LIMIT_RECOVERS_PER_HOUR: wholeNumber(20, 0),
  LIMIT_STREAM_LISTENERS: wholeNumber(20, 0),
  LIMIT_ATTEMPT_EXCERPT_BYTES: wholeNumber(16 * 1024, 1024),
  STREAM_REPLAY_BUDGET_BYTES: wholeNumber(1024 * 1024, 64 * 1024),
  RETRY_MIN_DELAY_SECONDS: wholeNumber(5, 0),
});

/** Herald's settings, parsed once from vars and secrets. */
export type Config = z.output<typeof configSchema>;

const cache = new WeakMap<object, Config>();

/** Parses the environment's settings (memoised per env object); a misconfiguration is a 503, never a guess. */
export function loadConfig(env: Env): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    // Names the settings, never their values: these are secrets.
    const names = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new HeraldError("unavailable", `Herald is misconfigured: check ${names}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
