import type { Principal } from "../app-env";
import { decryptWebhook } from "../domain/crypto/webhook-credentials";
import type { DoctorReport } from "../domain/doctor/judge";
import { type ProbeSender, runDoctor } from "../domain/doctor/run";
import { credentialHeaders, isFormat } from "../domain/formats";
import { DEFAULT_WALLET_ID } from "../domain/ids";
import { generateSecret } from "../domain/signing/standard-webhooks";
import { checkWebhookUrl } from "../domain/url-rules";
import { HeraldError } from "../errors/herald-error";
import { claimDoctorRun, findDoctorRun, finishDoctorRun } from "../repositories/doctor-runs";
import { scopeOf } from "../repositories/scope";
import { getWebhookRow, type WebhookDeps } from "./webhooks";

/** One run per webhook per minute: each run sends nine requests to someone's receiver. */
export const DOCTOR_INTERVAL_MS = 60_000;

/** A doctor run as the API shows it. */
export interface DoctorRunView {
  webhookId: string;
  status: "running" | "done";
  startedAt: string;
  finishedAt: string | null;
  report: DoctorReport | null;
}

/**
 * Runs the receiver doctor against a webhook's URL with its secret, credentials and custom
 * headers (what a real delivery carries), stores the report, and returns it. 429 when the
 * last run started less than a minute ago.
 */
export async function runWebhookDoctor(
  deps: WebhookDeps,
  send: ProbeSender,
  principal: Principal,
  webhookId: string,
  nowMs = Date.now(),
): Promise<DoctorRunView> {
  const row = await getWebhookRow(deps, principal, webhookId);
  // Probes are requests a caller triggers at will: the URL must pass today's rules, not only
  // the ones in force when the webhook was created.
  const check = checkWebhookUrl(row.url, {
    allowPrivate: deps.config.ALLOW_PRIVATE_DESTINATIONS,
    allowInsecure: deps.config.ALLOW_INSECURE_URLS,
  });
  if (!check.ok)
    throw new HeraldError("conflict", `The webhook's URL is not allowed now: ${check.reason}`);
  const scope = scopeOf(principal);
  const startedAt = new Date(nowMs).toISOString();
  const notBefore = new Date(nowMs - DOCTOR_INTERVAL_MS).toISOString();
  if (
    !(await claimDoctorRun(
      deps.db,
      scope,
      { webhookId, walletId: row.walletId, startedAt },
      notBefore,
    ))
  ) {
    const last = await findDoctorRun(deps.db, scope, webhookId);
    const wait = last
      ? Date.parse(last.startedAt) + DOCTOR_INTERVAL_MS - nowMs
      : DOCTOR_INTERVAL_MS;
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    throw new HeraldError(
      "rate_limited",
      `The doctor ran for this webhook less than a minute ago; retry in ${seconds} s`,
      { headers: { "retry-after": String(seconds) } },
    );
  }
  const settings = await decryptWebhook(row, deps.config.keyRing, nowMs);
  const format = isFormat(row.format) ? row.format : "standard";
  const report = await runDoctor(
    {
      url: row.url,
      secret: settings.secret,
      format,
      walletId: row.walletId ?? DEFAULT_WALLET_ID,
      baseHeaders: {
        ...settings.customHeaders,
        ...credentialHeaders(format, settings.bearerToken, settings.apiKey),
      },
    },
    { nowMs, newId: () => crypto.randomUUID(), otherSecret: generateSecret() },
    row.timeoutMs,
    send,
  );
  const finishedAt = new Date().toISOString();
  await finishDoctorRun(deps.db, scope, webhookId, report, finishedAt);
  return { webhookId, status: "done", startedAt, finishedAt, report };
}

/** A webhook's latest doctor run; 404 when the doctor never ran for it. */
export async function lastWebhookDoctorRun(
  deps: WebhookDeps,
  principal: Principal,
  webhookId: string,
): Promise<DoctorRunView> {
  await getWebhookRow(deps, principal, webhookId);
  const run = await findDoctorRun(deps.db, scopeOf(principal), webhookId);
  if (!run) throw new HeraldError("not_found", "The doctor has not run for this webhook yet");
  return {
    webhookId,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    report: run.report,
  };
}
