import { buildDelivery, type Format } from "../formats";
import { signStandard } from "../signing/standard-webhooks";
import { DOCTOR_EVENT_TYPE, DOCTOR_HEADER, HOLD_MS, type ProbeName, SKEW_SEC } from "./probes";

/** One HTTP request of a doctor run. */
export interface ProbeRequest {
  probe: ProbeName;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Send the body's first `splitAt` characters, wait `holdMs`, then the rest (read-body probe). */
  hold?: { splitAt: number; holdMs: number };
}

/** What the doctor needs to know about the receiver under test. */
export interface DoctorTarget {
  url: string;
  secret: string;
  format: Format;
  walletId: string;
  /** Headers every probe carries before its own (custom headers, credentials, user agent). */
  baseHeaders?: Record<string, string>;
}

/** The run's randomness and clock, passed in so the plan is a pure function of them. */
export interface DoctorInputs {
  nowMs: number;
  /** A fresh id per probe (a deduping receiver must not answer a probe from its cache). */
  newId: () => string;
  /** A secret that is not the receiver's, for the other-secret probe. */
  otherSecret: string;
}

/**
 * The requests of a doctor run, in order. Each is a delivery of a `herald.doctor.probe` event in
 * the target's format, marked `webhook-doctor: 1`; they differ only in what is wrong with it.
 * `replay` is `signed` byte for byte. `response-time` sends nothing: it reads `signed`'s answer.
 */
export async function planProbes(
  target: DoctorTarget,
  inputs: DoctorInputs,
): Promise<ProbeRequest[]> {
  const nowSec = Math.floor(inputs.nowMs / 1000);
  const delivery = async (
    probe: ProbeName,
    options: { ts?: number; secret?: string; headers?: "none"; tamper?: boolean } = {},
  ): Promise<ProbeRequest> => {
    const id = inputs.newId();
    const built = buildDelivery(
      {
        id,
        walletId: target.walletId,
        type: DOCTOR_EVENT_TYPE,
        data: { probe, note: "A probe of Herald's receiver doctor, not a real event" },
        subject: null,
        createdAt: new Date(inputs.nowMs).toISOString(),
      },
      { webhookId: "doctor", deliveryId: id, url: target.url, format: target.format },
    );
    const ts = options.ts ?? nowSec;
    const signature = await signStandard([options.secret ?? target.secret], id, ts, built.body);
    const headers: Record<string, string> = {
      ...target.baseHeaders,
      ...built.headers,
      "content-type": "application/json",
      [DOCTOR_HEADER]: "1",
    };
    if (options.headers !== "none") {
      headers["webhook-id"] = id;
      headers["webhook-timestamp"] = String(ts);
      headers["webhook-signature"] = signature;
    }
    // Changed after signing: one more field, still valid JSON of the same shape.
    const body = options.tamper ? built.body.replace(/}$/, ',"tampered":true}') : built.body;
    return { probe, url: built.url, headers, body };
  };

  const signed = await delivery("signed");
  const bad = await delivery("bad-signature");
  bad.headers["webhook-signature"] = corrupt(bad.headers["webhook-signature"]!);
  const held = await delivery("read-body");
  held.hold = { splitAt: Math.floor(held.body.length / 2), holdMs: HOLD_MS };
  return [
    signed,
    bad,
    await delivery("no-signature", { headers: "none" }),
    await delivery("other-secret", { secret: inputs.otherSecret }),
    await delivery("old-timestamp", { ts: nowSec - SKEW_SEC }),
    await delivery("future-timestamp", { ts: nowSec + SKEW_SEC }),
    await delivery("changed-body", { tamper: true }),
    { ...signed, probe: "replay" },
    held,
  ];
}

// Well-formed ("v1," and base64 of the right length) but wrong: a receiver that only checks the
// shape of the header accepts it.
function corrupt(signature: string): string {
  const value = signature.slice(3);
  const first = value[0] === "A" ? "B" : "A";
  return `v1,${first}${value.slice(1)}`;
}
