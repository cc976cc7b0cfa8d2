import { runDoctor } from "../../../src/domain/doctor/run";
import { FORMATS, isFormat } from "../../../src/domain/formats";
import { generateSecret } from "../../../src/domain/signing/standard-webhooks";
import { call, heraldClient } from "../api.ts";
import { intFlag, noMorePositionals, parseCommand, positional } from "../args.ts";
import { contextOf } from "../context.ts";
import { nodeSender } from "../doctor/node-sender.ts";
import { printReport } from "../doctor/print.ts";
import { CliError, EXIT, usageError } from "../errors.ts";
import { printJson, progress } from "../output.ts";

const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/**
 * `herald doctor <url> --secret whsec_… [--timeout ms] [--format …]`: probes a receiver from
 * this machine and scores whether it really verifies signatures. Exit 0 when every probe
 * passes, 1 otherwise.
 */
export async function doctor(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    secret: { type: "string" },
    timeout: { type: "string" },
    format: { type: "string", default: "standard" },
    webhook: { type: "string" },
    last: { type: "boolean" },
  });
  if (values.webhook) return viaHerald(values, values.webhook, positionals);
  const url = positional(positionals, 0, "receiver URL (herald doctor <url> --secret whsec_…)");
  noMorePositionals(positionals, 1);
  if (!/^https?:\/\//.test(url) || !URL.canParse(url))
    throw usageError(`the receiver URL must be http(s), not "${url}"`);
  if (!values.secret || !SECRET.test(values.secret))
    throw usageError("--secret must be the receiver's signing secret, whsec_ followed by base64");
  if (!isFormat(values.format)) throw usageError(`--format must be one of ${FORMATS.join(", ")}`);
  const timeoutMs = intFlag(values.timeout, "timeout", 15_000, 100, 30_000);
  progress("Probing the receiver…");
  const report = await runDoctor(
    {
      url,
      secret: values.secret,
      format: values.format,
      walletId: "00000000-0000-0000-0000-000000000000",
      baseHeaders: { "user-agent": "Herald-CLI/0.1.0 (herald doctor)" },
    },
    { nowMs: Date.now(), newId: () => crypto.randomUUID(), otherSecret: generateSecret() },
    timeoutMs,
    nodeSender,
  );
  progress("");
  if (values.json) printJson(report);
  else printReport(report);
  return report.score.passed === report.score.total ? EXIT.ok : EXIT.failure;
}

/**
 * `herald doctor --webhook <id> [--last]`: the same probes run by Herald's Worker against that
 * webhook's URL with its own secret (POST /v1/webhooks/{id}/doctor), or its stored last run.
 */
async function viaHerald(
  values: { url?: string; key?: string; json?: boolean; last?: boolean },
  id: string,
  positionals: string[],
): Promise<number> {
  noMorePositionals(positionals, 0);
  const ctx = contextOf(values);
  const herald = heraldClient(ctx);
  const params = { params: { path: { id } } };
  progress(values.last ? "" : "Herald is probing the receiver…");
  const run = await call(
    ctx,
    values.last ? "reading the last doctor run" : "running the doctor",
    values.last
      ? herald.GET("/v1/webhooks/{id}/doctor", params)
      : herald.POST("/v1/webhooks/{id}/doctor", params),
  );
  progress("");
  if (!run.report)
    throw new CliError(`the doctor run started at ${run.startedAt} has not finished`);
  if (ctx.json) printJson(run);
  else printReport(run.report);
  return run.report.score.passed === run.report.score.total ? EXIT.ok : EXIT.failure;
}
