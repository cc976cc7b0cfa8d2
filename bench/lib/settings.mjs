// The settings Herald runs with in the bench: fixed keys (nothing secret: a throwaway local
// instance), loopback http receivers allowed, no environment-made webhooks.
export const ADMIN_KEY = "herald-bench-admin-key-0123456789";

/** Herald's vars and secrets for a bench instance (they override wrangler.toml and .dev.vars). */
export const heraldVars = {
  ADMIN_API_KEY: ADMIN_KEY,
  ENCRYPTION_KEY: "aGVyYWxkLWJlbmNoLWVuY3J5cHRpb24ta2V5LTMyYnk=",
  ALLOW_PRIVATE_DESTINATIONS: "true",
  ALLOW_INSECURE_URLS: "true",
  DEFAULT_WALLET_ENABLED: "true",
  DEFAULT_WALLET_WEBHOOK_URL: "",
  DEFAULT_WALLET_WEBHOOK_API_KEY: "",
  GLOBAL_WEBHOOK_URL: "",
  GLOBAL_WEBHOOK_API_KEY: "",
  IGRANT_WEBHOOK_SECRET: "",
};
