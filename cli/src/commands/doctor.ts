import { runDoctor } from "../../../src/domain/doctor/run";
import { FORMATS, isFormat } from "../../../src/domain/formats";
import { generateSecret } from "../../../src/domain/signing/standard-webhooks";
import { intFlag, noMorePositionals, parseCommand, positional } from "../args.ts";
import { nodeSender } from "../doctor/node-sender.ts";
import { printReport } from "../doctor/print.ts";
import { EXIT, usageError } from "../errors.ts";
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
  });
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
