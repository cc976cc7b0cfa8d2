import { readFileSync } from "node:fs";
import { noMorePositionals, parseCommand } from "../args.ts";
import { readJsonFile } from "../data-file.ts";
import { CliError, EXIT, usageError } from "../errors.ts";
import { paint, printJson, say } from "../output.ts";
import { verifyDelivery } from "../verify-delivery.ts";

/** `herald verify --secret whsec_… --headers headers.json --body body.json`: checks a captured delivery. */
export async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    secret: { type: "string" },
    headers: { type: "string" },
    body: { type: "string" },
  });
  noMorePositionals(positionals, 0);
  if (!values.secret || !values.headers || !values.body)
    throw usageError("herald verify needs --secret, --headers and --body");
  const headers = Object.fromEntries(
    Object.entries(readJsonFile(values.headers)).map(([k, v]) => [k, String(v)]),
  );
  let body: string;
  try {
    // The raw bytes: the signature covers them exactly, so the file is never parsed.
    body = readFileSync(values.body, "utf8");
  } catch (err) {
    throw new CliError(`cannot read ${values.body}: ${(err as { code?: string }).code}`);
  }
  const verdict = await verifyDelivery(values.secret, headers, body, Math.floor(Date.now() / 1000));
  if (values.json) printJson(verdict);
  else if (verdict.ok)
    say(`${paint.green("valid")}: signed by this secret, webhook-id ${verdict.msgId}`);
  else say(`${paint.red("invalid")}: ${verdict.reason}`);
  return verdict.ok ? EXIT.ok : EXIT.failure;
}
