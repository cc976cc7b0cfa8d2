import { signStandard } from "../../src/domain/signing/standard-webhooks";

/** Standard Webhooks' default tolerance for webhook-timestamp, in seconds. */
export const TOLERANCE_SEC = 300;

/** What `herald verify` found: ok, or the first reason a receiver would refuse the request. */
export type Verdict =
  | { ok: true; msgId: string; timestamp: number }
  | { ok: false; reason: string };

const header = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

/** Checks a captured delivery as a Standard Webhooks receiver does, and says why it fails. */
export async function verifyDelivery(
  secret: string,
  headers: Record<string, string>,
  body: string,
  nowSec: number,
): Promise<Verdict> {
  if (!/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(secret))
    return { ok: false, reason: "the secret is not whsec_ followed by base64" };
  const id = header(headers, "webhook-id");
  const ts = header(headers, "webhook-timestamp");
  const sig = header(headers, "webhook-signature");
  const missing = [
    ["webhook-id", id],
    ["webhook-timestamp", ts],
    ["webhook-signature", sig],
  ].filter(([, v]) => v === undefined);
  if (missing.length)
    return { ok: false, reason: `missing header ${missing.map(([n]) => n).join(", ")}` };
  const timestamp = Number(ts);
  if (!/^\d+$/.test(ts!) || !Number.isSafeInteger(timestamp))
    return { ok: false, reason: `webhook-timestamp "${ts}" is not unix seconds` };
  const signatures = sig!
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => s.slice(3));
  if (!signatures.length)
    return { ok: false, reason: `webhook-signature has no "v1,<base64>" entry: "${sig}"` };
  const matches = async (text: string) => {
    const expected = (await signStandard([secret], id!, timestamp, text)).slice(3);
    return signatures.includes(expected);
  };
  if (!(await matches(body))) {
    // A capture saved by an editor or `echo` often gained a final newline the sender never sent.
    const trimmed = body.replace(/\r?\n$/, "");
    if (trimmed !== body && (await matches(trimmed)))
      return {
        ok: false,
        reason:
          "the signature matches only without the body file's final newline: save the body byte for byte",
      };
    return {
      ok: false,
      reason:
        "no v1 signature matches: signed with another secret, or the body, webhook-id or webhook-timestamp changed after signing (verify the raw body bytes, not re-serialised JSON)",
    };
  }
  const age = nowSec - timestamp;
  if (Math.abs(age) > TOLERANCE_SEC)
    return {
      ok: false,
      reason: `the signature matches, but webhook-timestamp is ${Math.abs(age)} s ${age > 0 ? "old" : "in the future"} (receivers refuse more than ${TOLERANCE_SEC} s, against replays)`,
    };
  return { ok: true, msgId: id!, timestamp };
}
