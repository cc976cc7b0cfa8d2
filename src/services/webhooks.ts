import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { OldSecret, RetryColumn, WebhookRow } from "../db/schema";
import { open, seal } from "../domain/crypto/secret-box";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { uuidv7 } from "../domain/ids";
import { generateSecret } from "../domain/signing/standard-webhooks";
import { HeraldError, notFound } from "../errors/herald-error";
import { scopeOf, walletScope } from "../repositories/scope";
import {
  deleteWebhook,
  findWebhook,
  insertWebhook,
  insertWebhookWithin,
  listWebhooks,
  updateWebhook,
} from "../repositories/webhooks";
import type { Auditor } from "./audit";
import { type DeliveryOptionsInput, deliveryOptionColumns } from "./delivery-options";
import { assertKnownEventTypes } from "./event-type-check";
import type { Limiters } from "./rate-limits";
import { requestWallet } from "./request-wallet";
import { webhookQuota, webhookQuotaExceeded } from "./wallet-limits";
import { type WebhookInput, webhookColumns } from "./webhook-input";
import { sensitiveHeaderNames, webhookView } from "./webhook-view";

/** The sort key inside a list cursor: a webhook id (UUID). */
const ID_CURSOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tells a webhook's Durable Object that its configuration changed or that it is gone. */
export type ObjectNotifier = (webhookId: string, change: "updated" | "deleted") => Promise<void>;

/** What the webhook service needs from the outside. */
export interface WebhookDeps {
  db: Database;
  config: Config;
  notify: ObjectNotifier;
  /** Records management changes (services/audit.ts). */
  audit: Auditor;
  /** The origin the caller reached Herald through: recorded on webhooks for their key ids and links. */
  origin?: string;
  /** The host this request reached Herald by: a webhook there would loop (see urlPolicy). */
  requestHost?: string;
  /** The wallets' limiter objects: test sends and recover calls count against the wallet's rates. */
  limiters?: Limiters;
}

/** Rotated-out secrets keep signing this long, so receivers can switch over. */
const OLD_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;
const MAX_OLD_SECRETS = 10;
const DEFAULT_RETRY: RetryColumn = { preset: "standard" };

async function view(deps: WebhookDeps, row: WebhookRow) {
  return webhookView(row, await sensitiveHeaderNames(row, deps.config.keyRing));
}

/** The wallet a new webhook belongs to (requestWallet; the admin naming none makes a global one). */
async function ownerFor(
  deps: WebhookDeps,
  principal: Principal,
  walletId: string | null | undefined,
): Promise<string | null> {
  const scope = await requestWallet(deps.db, principal, {
    named: walletId,
    field: "walletId",
    whenUnnamed: "none",
  });
  return scope?.walletId ?? null;
}

/** Creates a webhook; the response carries its signing secret once. */
export async function createWebhook(
  deps: WebhookDeps,
  principal: Principal,
  input: WebhookInput & DeliveryOptionsInput & { url: string; walletId?: string | null },
  source = "api",
) {
  const walletId = await ownerFor(deps, principal, input.walletId);
  const format = input.format ?? "standard";
  const columns = {
    ...(await webhookColumns(input, format, deps.config, deps.requestHost)),
    ...deliveryOptionColumns(input, { format, payload: "full", redact: [] }, deps.origin),
  };
  if (input.eventTypes) await assertKnownEventTypes(deps.db, walletId, input.eventTypes);
  const secret = generateSecret();
  const now = new Date().toISOString();
  const fields = {
    retry: DEFAULT_RETRY,
    ...columns,
    url: columns.url!,
    id: uuidv7(),
    walletId,
    secretEnc: await seal(deps.config.keyRing, secret),
    source,
    createdAt: now,
    updatedAt: now,
  };
  // Global webhooks are the operator's own, outside any wallet's quota. A wallet's is counted
  // in the insert itself, after the input checks (a bad request is told what is wrong first).
  let row: WebhookRow;
  if (walletId) {
    const limit = await webhookQuota(deps.db, deps.config, walletId);
    const stored = await insertWebhookWithin(deps.db, walletScope(walletId), fields, limit);
    if (!stored) throw webhookQuotaExceeded(limit);
    row = stored;
  } else row = await insertWebhook(deps.db, scopeOf(principal), fields);
  await deps.audit({ walletId, action: "webhook.created", target: row.id, details: { source } });
  return { ...(await view(deps, row)), secret };
}

/** One webhook the caller may see. */
export async function getWebhookRow(
  deps: WebhookDeps,
  principal: Principal,
  id: string,
): Promise<WebhookRow> {
  const row = await findWebhook(deps.db, scopeOf(principal), id);
  if (!row) throw notFound("Webhook");
  return row;
}

/** One webhook as the API shows it. */
export async function getWebhook(deps: WebhookDeps, principal: Principal, id: string) {
  return view(deps, await getWebhookRow(deps, principal, id));
}

/** A page of the caller's webhooks (the admin may narrow to a wallet or to `global`). */
export async function pageWebhooks(
  deps: WebhookDeps,
  principal: Principal,
  limit: number,
  cursor: string | undefined,
  walletId?: string,
) {
  const after = decodeCursor(cursor);
  // Anything base64 decodes to something; only an id is a cursor Herald issued.
  if (cursor && (after === null || !ID_CURSOR.test(after)))
    throw new HeraldError("bad_request", "The cursor is not valid");
  // `global` is the admin's name for the webhooks of no wallet; any other name is a wallet's.
  const owner =
    walletId === "global" && principal.kind === "admin"
      ? { global: true as const }
      : await requestWallet(deps.db, principal, {
          named: walletId,
          field: "walletId",
          whenUnnamed: "none",
        });
  const rows = await listWebhooks(deps.db, scopeOf(principal), owner, limit + 1, after);
  const page = rows.slice(0, limit);
  return {
    data: await Promise.all(page.map((r) => view(deps, r))),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}

/** Applies a PATCH; re-enabling clears the disabled reason and wakes the object. */
export async function patchWebhook(
  deps: WebhookDeps,
  principal: Principal,
  id: string,
  input: WebhookInput & DeliveryOptionsInput,
) {
  const current = await getWebhookRow(deps, principal, id);
  const format = input.format ?? current.format;
  const columns = {
    ...(await webhookColumns(input, format, deps.config, deps.requestHost)),
    ...deliveryOptionColumns(input, { ...current, format }, deps.origin),
  };
  if (input.eventTypes)
    await assertKnownEventTypes(deps.db, current.walletId, input.eventTypes, current.eventTypes);
  const row = await updateWebhook(deps.db, scopeOf(principal), id, {
    ...columns,
    updatedAt: new Date().toISOString(),
  });
  if (!row) throw notFound("Webhook");
  // Field names only: values can hold tokens and header secrets.
  const fields = Object.keys(input).sort();
  await deps.audit({
    walletId: row.walletId,
    action: "webhook.updated",
    target: id,
    details: { fields },
  });
  await deps.notify(id, "updated");
  return view(deps, row);
}

/** Deletes a webhook; its object cancels what it still holds. */
export async function removeWebhook(
  deps: WebhookDeps,
  principal: Principal,
  id: string,
): Promise<void> {
  const row = await getWebhookRow(deps, principal, id);
  if (!(await deleteWebhook(deps.db, scopeOf(principal), id))) throw notFound("Webhook");
  await deps.audit({ walletId: row.walletId, action: "webhook.deleted", target: id });
  await deps.notify(id, "deleted");
}

/** The current signing secret. */
export async function webhookSecret(deps: WebhookDeps, principal: Principal, id: string) {
  const row = await getWebhookRow(deps, principal, id);
  const secret = await open(deps.config.keyRing, row.secretEnc);
  await deps.audit({ walletId: row.walletId, action: "webhook.secret_revealed", target: id });
  return { secret };
}

/** Replaces the signing secret; the old one keeps signing (a second signature) for 24 h, at most 10 kept. */
export async function rotateWebhookSecret(
  deps: WebhookDeps,
  principal: Principal,
  id: string,
  chosen?: string,
) {
  const row = await getWebhookRow(deps, principal, id);
  const now = Date.now();
  const retired: OldSecret = {
    secretEnc: row.secretEnc,
    expiresAt: new Date(now + OLD_SECRET_GRACE_MS).toISOString(),
  };
  const oldSecrets = [
    retired,
    ...row.oldSecrets.filter((s) => Date.parse(s.expiresAt) > now),
  ].slice(0, MAX_OLD_SECRETS);
  const secret = chosen ?? generateSecret();
  const updated = await updateWebhook(deps.db, scopeOf(principal), id, {
    secretEnc: await seal(deps.config.keyRing, secret),
    oldSecrets,
    updatedAt: new Date(now).toISOString(),
  });
  if (!updated) throw notFound("Webhook");
  await deps.audit({
    walletId: row.walletId,
    action: "webhook.secret_rotated",
    target: id,
    details: { chosen: chosen !== undefined },
  });
  await deps.notify(id, "updated");
  return { secret };
}
