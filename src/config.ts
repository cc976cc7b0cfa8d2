import { z } from "zod";
import type { KeyRing } from "./domain/crypto/secret-box";
import type { HeraldMessage } from "./domain/event-contract/messages";
import { shardedQueue } from "./domain/queue-shard";
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

/** Whether a setting is one AES-256 key: 32 bytes, base64. */
function isKey(v: string): boolean {
  try {
    return Uint8Array.fromBase64(v).length === 32;
  } catch {
    return false;
  }
}

/**
 * The key ring: ENCRYPTION_KEYS (newest first), then ENCRYPTION_KEY when it is not listed, so
 * rotating is adding ENCRYPTION_KEYS=<new> beside the old ENCRYPTION_KEY.
 */
function keyRingOf(keys: string | null, key: string | null): KeyRing {
  const list = keys ? keys.split(",").map((k) => k.trim()) : [];
  if (key && !list.includes(key)) list.push(key);
  return { keys: list };
}

// One hostname (optionally with a port): letters, digits, dots and dashes, or a bracketed IPv6.
const HOSTNAME =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

const hostnameList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase().replace(/\.+$/, ""))
      .filter((h) => h !== ""),
  )
  .pipe(
    z.array(z.string().regex(HOSTNAME, "HERALD_HOSTNAMES lists bare hostnames, comma-separated")),
  );

/** A whole number at least `min`, `fallback` when unset. */
const wholeNumber = (fallback: number, min = 1) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? fallback : Number(v)))
    .pipe(z.number().int().min(min));

const configSchema = z.object({
  ADMIN_API_KEY: z.string().min(16, "ADMIN_API_KEY must be at least 16 characters"),
  ENCRYPTION_KEY: optionalText.refine(
    (v) => v === null || isKey(v),
    "ENCRYPTION_KEY must be 32 bytes, base64-encoded",
  ),
  ENCRYPTION_KEYS: optionalText.refine(
    (v) => v === null || v.split(",").every((k) => isKey(k.trim())),
    "ENCRYPTION_KEYS must be a comma-separated list of 32-byte base64 keys, newest first",
  ),
  ALLOW_PRIVATE_DESTINATIONS: flag(false),
  ALLOW_INSECURE_URLS: flag(false),
  HERALD_HOSTNAMES: hostnameList,
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
  // Event queues the producers spread wallets over (EVENTS_QUEUE_0..n-1; npm run shards).
  QUEUE_SHARDS: wholeNumber(1).pipe(z.number().max(100, "QUEUE_SHARDS is at most 100")),
  // The shard count before the last change, while wallets move (npm run shards writes it; README
  // "What production on Cloudflare would change"): a moved wallet's events wait for its old shard.
  QUEUE_SHARDS_PREVIOUS: wholeNumber(0, 0).pipe(
    z.number().max(100, "QUEUE_SHARDS_PREVIOUS is at most 100"),
  ),
  // What webhook objects mirror to D1: every state change (`all`), or ended deliveries only.
  MIRROR: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? "all" : v.trim().toLowerCase()))
    .pipe(z.enum(["all", "terminal"])),
});

const settingsSchema = configSchema
  .refine((c) => c.QUEUE_SHARDS_PREVIOUS !== c.QUEUE_SHARDS, {
    message: "QUEUE_SHARDS_PREVIOUS names the count before a change; unset it when equal",
    path: ["QUEUE_SHARDS_PREVIOUS"],
  })
  .refine((c) => c.ENCRYPTION_KEYS !== null || c.ENCRYPTION_KEY !== null, {
    message: "ENCRYPTION_KEYS or ENCRYPTION_KEY must be set",
    path: ["ENCRYPTION_KEYS"],
  })
  .transform((c) => ({ ...c, keyRing: keyRingOf(c.ENCRYPTION_KEYS, c.ENCRYPTION_KEY) }));

/** Herald's settings, parsed once from vars and secrets. */
export type Config = z.output<typeof settingsSchema>;

const cache = new WeakMap<object, Config>();

/** Parses the environment's settings (memoised per env object); a misconfiguration is a 503, never a guess. */
export function loadConfig(env: Env): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    // Names the settings, never their values: these are secrets.
    const names = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new HeraldError("unavailable", `Herald is misconfigured: check ${names}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}

/**
 * The URL rules' policy under this configuration. `requestHost` is the host the current request
 * reached Herald by (absent at send time): it and HERALD_HOSTNAMES are Herald itself, so a
 * webhook there would feed its own deliveries back into ingest.
 */
export function urlPolicy(config: Config, requestHost?: string) {
  return {
    allowPrivate: config.ALLOW_PRIVATE_DESTINATIONS,
    allowInsecure: config.ALLOW_INSECURE_URLS,
    ownHosts: requestHost ? [requestHost, ...config.HERALD_HOSTNAMES] : config.HERALD_HOSTNAMES,
  };
}

const queues = new WeakMap<object, Queue<HeraldMessage>>();

/**
 * The event queue every producer sends to: QUEUE_SHARDS queues bound as EVENTS_QUEUE_0..n-1,
 * each message on its wallet's shard (memoised per env object). A shard not bound is a 503.
 */
export function eventsQueue(env: Env): Queue<HeraldMessage> {
  const hit = queues.get(env);
  if (hit) return hit;
  const count = loadConfig(env).QUEUE_SHARDS;
  const shards = Array.from({ length: count }, (_, i) => shardQueue(env, i, "QUEUE_SHARDS"));
  const router = shardedQueue(shards);
  queues.set(env, router);
  return router;
}

/**
 * Shard `i`'s queue itself, not routed (a moving wallet's barrier goes to its old shard); a
 * shard not bound is a 503 naming the setting that counts it.
 */
export function shardQueue(env: Env, i: number, countedBy = "QUEUE_SHARDS_PREVIOUS") {
  const queue = (env as unknown as Record<string, Queue<HeraldMessage> | undefined>)[
    `EVENTS_QUEUE_${i}`
  ];
  if (!queue)
    throw new HeraldError(
      "unavailable",
      `Herald is misconfigured: ${countedBy} counts shard ${i} but EVENTS_QUEUE_${i} is not bound`,
    );
  return queue;
}
