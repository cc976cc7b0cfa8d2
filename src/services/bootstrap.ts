import type { Config } from "../config";
import type { Database } from "../db/client";
import { seal, sealOptional } from "../domain/crypto/secret-box";
import { DEFAULT_WALLET_ID, uuidv7 } from "../domain/ids";
import { generateSecret } from "../domain/signing/standard-webhooks";
import { checkWebhookUrl } from "../domain/url-rules";
import { logger } from "../observability/logger";

/** The global webhook that GLOBAL_WEBHOOK_URL describes has this fixed id, so restarts update it in place. */
export const ENV_GLOBAL_WEBHOOK_ID = "00000000-0000-7000-8000-000000000001";

async function webhookRow(
  config: Config,
  id: string,
  walletId: string | null,
  url: string,
  bearer: string | null,
  source: string,
) {
  const now = new Date().toISOString();
  return {
    id,
    walletId,
    url,
    source,
    format: "identus",
    retry: { preset: "standard" as const },
    secretEnc: await seal(config.ENCRYPTION_KEY, generateSecret()),
    bearerTokenEnc: await sealOptional(config.ENCRYPTION_KEY, bearer),
    description:
      source === "env-global" ? "From GLOBAL_WEBHOOK_URL" : "From DEFAULT_WALLET_WEBHOOK_URL",
    createdAt: now,
    updatedAt: now,
  };
}

function acceptable(url: string | null, config: Config): url is string {
  if (!url) return false;
  const check = checkWebhookUrl(url, {
    allowPrivate: config.ALLOW_PRIVATE_DESTINATIONS,
    allowInsecure: config.ALLOW_INSECURE_URLS,
  });
  if (!check.ok)
    logger.warn("ignoring a webhook URL from the environment", { reason: check.reason });
  return check.ok;
}

/**
 * Creates what the environment asks for, with Identus' semantics: the default wallet and its
 * webhook are created once, in one atomic batch, and later changes to their variables touch
 * nothing; the env global webhook follows GLOBAL_WEBHOOK_URL on every start.
 */
export async function bootstrap(db: Database, config: Config): Promise<void> {
  const d1 = db.$client;
  const statements: D1PreparedStatement[] = [];
  const now = new Date().toISOString();
  if (config.DEFAULT_WALLET_ENABLED) {
    statements.push(
      d1
        .prepare("INSERT OR IGNORE INTO wallets (id, name, created_at) VALUES (?, 'default', ?)")
        .bind(DEFAULT_WALLET_ID, now),
    );
    if (acceptable(config.DEFAULT_WALLET_WEBHOOK_URL, config)) {
      const row = await webhookRow(
        config,
        uuidv7(),
        DEFAULT_WALLET_ID,
        config.DEFAULT_WALLET_WEBHOOK_URL,
        config.DEFAULT_WALLET_WEBHOOK_API_KEY,
        "env-default",
      );
      // Inserted only while the default wallet is not yet bootstrapped: once, ever.
      statements.push(
        d1
          .prepare(
            `INSERT INTO webhooks (id, wallet_id, url, source, format, retry, secret_enc, bearer_token_enc, description, created_at, updated_at)
             SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
             WHERE EXISTS (SELECT 1 FROM wallets WHERE id = ? AND bootstrapped_at IS NULL)`,
          )
          .bind(
            row.id,
            row.walletId,
            row.url,
            row.source,
            row.format,
            JSON.stringify(row.retry),
            row.secretEnc,
            row.bearerTokenEnc,
            row.description,
            row.createdAt,
            row.updatedAt,
            DEFAULT_WALLET_ID,
          ),
      );
    }
    statements.push(
      d1
        .prepare("UPDATE wallets SET bootstrapped_at = ? WHERE id = ? AND bootstrapped_at IS NULL")
        .bind(now, DEFAULT_WALLET_ID),
    );
  }
  if (acceptable(config.GLOBAL_WEBHOOK_URL, config)) {
    const row = await webhookRow(
      config,
      ENV_GLOBAL_WEBHOOK_ID,
      null,
      config.GLOBAL_WEBHOOK_URL,
      config.GLOBAL_WEBHOOK_API_KEY,
      "env-global",
    );
    statements.push(
      d1
        .prepare(
          `INSERT INTO webhooks (id, wallet_id, url, source, format, retry, secret_enc, bearer_token_enc, description, created_at, updated_at)
           VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET url = excluded.url, bearer_token_enc = excluded.bearer_token_enc, updated_at = excluded.updated_at`,
        )
        .bind(
          row.id,
          row.url,
          row.source,
          row.format,
          JSON.stringify(row.retry),
          row.secretEnc,
          row.bearerTokenEnc,
          row.description,
          row.createdAt,
          row.updatedAt,
        ),
    );
  } else {
    statements.push(d1.prepare("DELETE FROM webhooks WHERE id = ?").bind(ENV_GLOBAL_WEBHOOK_ID));
  }
  await d1.batch(statements);
}
