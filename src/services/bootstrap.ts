import { type Config, urlPolicy } from "../config";
import type { Database } from "../db/client";
import { seal, sealOptional } from "../domain/crypto/secret-box";
import { DEFAULT_WALLET_ID, uuidv7 } from "../domain/ids";
import { generateSecret } from "../domain/signing/standard-webhooks";
import { checkWebhookUrl } from "../domain/url-rules";
import { logger } from "../observability/logger";
import { applyBootstrap, type BootstrapPlan } from "../repositories/bootstrap";
import { systemScope } from "../repositories/scope";

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
    secretEnc: await seal(config.keyRing, generateSecret()),
    bearerTokenEnc: await sealOptional(config.keyRing, bearer),
    description:
      source === "env-global" ? "From GLOBAL_WEBHOOK_URL" : "From DEFAULT_WALLET_WEBHOOK_URL",
    createdAt: now,
    updatedAt: now,
  };
}

function acceptable(url: string | null, config: Config): url is string {
  if (!url) return false;
  const check = checkWebhookUrl(url, urlPolicy(config));
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
  const at = new Date().toISOString();
  let defaultWallet: BootstrapPlan["defaultWallet"] = null;
  if (config.DEFAULT_WALLET_ENABLED) {
    const webhook = acceptable(config.DEFAULT_WALLET_WEBHOOK_URL, config)
      ? await webhookRow(
          config,
          uuidv7(),
          DEFAULT_WALLET_ID,
          config.DEFAULT_WALLET_WEBHOOK_URL,
          config.DEFAULT_WALLET_WEBHOOK_API_KEY,
          "env-default",
        )
      : null;
    defaultWallet = { id: DEFAULT_WALLET_ID, at, webhook };
  }
  const globalWebhook: BootstrapPlan["globalWebhook"] = acceptable(
    config.GLOBAL_WEBHOOK_URL,
    config,
  )
    ? {
        upsert: await webhookRow(
          config,
          ENV_GLOBAL_WEBHOOK_ID,
          null,
          config.GLOBAL_WEBHOOK_URL,
          config.GLOBAL_WEBHOOK_API_KEY,
          "env-global",
        ),
      }
    : { deleteId: ENV_GLOBAL_WEBHOOK_ID };
  await applyBootstrap(db, systemScope(), { defaultWallet, globalWebhook });
}
