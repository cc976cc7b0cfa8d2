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
  HERALD_HOSTNAMES: hostnameList,
  DEFAULT_WALLET_ENABLED: flag(true),
  DEFAULT_WALLET_WEBHOOK_URL: optionalText,
  DEFAULT_WALLET_WEBHOOK_API_KEY: optionalText,
  GLOBAL_WEBHOOK_URL: optionalText,
  GLOBAL_WEBHOOK_API_KEY: optionalText,
  IGRANT_WEBHOOK_SECRET: optionalText,
  AUTO_DISABLE_AFTER_HOURS: positiveNumber(120),
  EVENT_RETENTION_DAYS: positiveNumber(30),
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
