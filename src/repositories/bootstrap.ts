import type { Database } from "../db/client";
import type { AllWallets } from "./scope";

/** A webhook the environment describes, sealed and ready to store. */
export interface EnvWebhook {
  id: string;
  walletId: string | null;
  url: string;
  source: string;
  format: string;
  retry: unknown;
  secretEnc: string;
  bearerTokenEnc: string | null;
  description: string;
  createdAt: string;
  updatedAt: string;
}

/** What the environment asks for at start-up. */
export interface BootstrapPlan {
  /** The default wallet to create once, with the webhook it gets on that first time only. */
  defaultWallet: { id: string; at: string; webhook: EnvWebhook | null } | null;
  /** The env global webhook to create or update in place, or the id to delete. */
  globalWebhook: { upsert: EnvWebhook } | { deleteId: string };
}

/** Applies the plan in one atomic batch (Identus' semantics are in the SQL: once, then never). */
export async function applyBootstrap(
  db: Database,
  _scope: AllWallets,
  plan: BootstrapPlan,
): Promise<void> {
  const d1 = db.$client;
  const statements: D1PreparedStatement[] = [];
  const wallet = plan.defaultWallet;
  if (wallet) {
    statements.push(
      d1
        .prepare("INSERT OR IGNORE INTO wallets (id, name, created_at) VALUES (?, 'default', ?)")
        .bind(wallet.id, wallet.at),
    );
    const row = wallet.webhook;
    if (row) {
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
            wallet.id,
          ),
      );
    }
    statements.push(
      d1
        .prepare("UPDATE wallets SET bootstrapped_at = ? WHERE id = ? AND bootstrapped_at IS NULL")
        .bind(wallet.at, wallet.id),
    );
  }
  if ("upsert" in plan.globalWebhook) {
    const row = plan.globalWebhook.upsert;
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
    statements.push(
      d1.prepare("DELETE FROM webhooks WHERE id = ?").bind(plan.globalWebhook.deleteId),
    );
  }
  await d1.batch(statements);
}
