// The receiver doctor's fixed series of probes: what each sends, what a receiver that really
// verifies Standard Webhooks signatures answers, and the fix when it does not. Shared by the
// Worker (POST /v1/webhooks/{id}/doctor) and the CLI (herald doctor), so both score alike.

/** The event type every probe carries; never a real event, never stored or fanned out. */
export const DOCTOR_EVENT_TYPE = "herald.doctor.probe";
/** The header that marks a probe, so a receiver can tell it from a real delivery. */
export const DOCTOR_HEADER = "webhook-doctor";
/** Where the README explains verifying a delivery; every fix links to it. */
export const VERIFY_DOCS = "README.md#verifying-deliveries";
/** How far the stale and future timestamps are from now: twice the usual 5 min tolerance. */
export const SKEW_SEC = 600;
/** How long the read-body probe holds back the second half of its body. */
export const HOLD_MS = 1000;

/** Each probe, in the order they run and are shown. */
export const PROBES = [
  "signed",
  "bad-signature",
  "no-signature",
  "other-secret",
  "old-timestamp",
  "future-timestamp",
  "changed-body",
  "replay",
  "response-time",
  "read-body",
] as const;

export type ProbeName = (typeof PROBES)[number];

/** The probes a verifying receiver must refuse with a 4xx. */
export const MUST_REFUSE: readonly ProbeName[] = [
  "bad-signature",
  "no-signature",
  "other-secret",
  "old-timestamp",
  "future-timestamp",
  "changed-body",
];

/** What each probe checks, as one line of the report. */
export const TITLES: Record<ProbeName, string> = {
  signed: "correctly signed delivery is accepted",
  "bad-signature": "bad signature is refused",
  "no-signature": "missing signature headers are refused",
  "other-secret": "signature made with another secret is refused",
  "old-timestamp": `timestamp ${SKEW_SEC / 60} min old is refused`,
  "future-timestamp": `timestamp ${SKEW_SEC / 60} min ahead is refused`,
  "changed-body": "body changed after signing is refused",
  replay: "the same delivery twice is acknowledged",
  "response-time": "answers well within the timeout",
  "read-body": "reads the body before answering",
};

const VERIFY =
  'compute HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{raw body}", keyed with the base64-decoded part of the secret after "whsec_", and compare it in constant time with each "v1," entry of webhook-signature';

/** The exact fix for a failed probe; each ends with the README link. */
export const FIXES: Record<ProbeName, string> = {
  signed: `Accept a valid delivery with a 2xx: ${VERIFY}. Verify the raw body bytes as received, not re-serialised JSON.`,
  "bad-signature": `Verify webhook-signature and answer 401 when no entry matches: ${VERIFY}.`,
  "no-signature":
    "Refuse (400 or 401) a request without webhook-id, webhook-timestamp and webhook-signature; never skip verification because the headers are missing.",
  "other-secret":
    "Verify with this webhook's own secret (GET /v1/webhooks/{id}/secret, or the one herald listen prints) and answer 401 when no signature matches.",
  "old-timestamp":
    "Refuse a webhook-timestamp more than 5 minutes from your clock (answer 400 or 401): it is what stops a captured delivery from being replayed later.",
  "future-timestamp":
    "Refuse a webhook-timestamp more than 5 minutes ahead of your clock too (answer 400 or 401).",
  "changed-body":
    "Verify the signature over the raw body bytes before parsing them, and answer 401 when the body does not match; a body changed in transit must never be processed.",
  replay:
    "Answer a redelivery (the same webhook-id) with a 2xx, or Herald keeps retrying it; dedupe on webhook-id so it is processed once.",
  "response-time":
    "Answer quickly: verify, store or queue the event, answer 2xx, then do the slow work; an answer near the timeout fails under load and is retried.",
  "read-body":
    "Read the whole body and verify its signature before answering; answering first means nothing was verified.",
};
