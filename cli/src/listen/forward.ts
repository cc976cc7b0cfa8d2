import { buildDelivery, type Format } from "../../../src/domain/formats";
import { igrantTimestamp, signIgrant } from "../../../src/domain/signing/igrant";
import { signStandard } from "../../../src/domain/signing/standard-webhooks";
import { describeError } from "../errors.ts";

const TIMEOUT_MS = 15_000;
const USER_AGENT = "Herald-CLI/0.1.0 (herald listen)";

/** An event as the live stream carries it. */
export interface StreamedEvent {
  id: string;
  walletId: string;
  type: string;
  data: Record<string, unknown>;
  subject: string | null;
  createdAt: string;
}

/** What forwarding one event came to: the local receiver's status, or why there was none. */
export interface Forwarded {
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Sends one event to the local receiver the way Herald would deliver it: the body built by
 * Herald's own format code, signed per Standard Webhooks with the session secret (and iGrant's
 * header for that format), `webhook-id` the event id. A failure is a result, never a throw.
 */
export async function forwardEvent(
  event: StreamedEvent,
  target: { url: string; format: Format; secret: string },
  stop?: AbortSignal,
): Promise<Forwarded> {
  const started = Date.now();
  const built = buildDelivery(event, {
    webhookId: "herald-listen",
    deliveryId: crypto.randomUUID(),
    url: target.url,
    format: target.format,
  });
  const timestamp = Math.floor(started / 1000);
  const headers: Record<string, string> = {
    ...built.headers,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": event.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signStandard([target.secret], event.id, timestamp, built.body),
  };
  if (target.format === "igrant")
    headers["x-igrant-signature"] = await signIgrant(
      target.secret,
      igrantTimestamp(started),
      built.body,
    );
  try {
    const res = await fetch(built.url, {
      method: "POST",
      headers,
      body: built.body,
      redirect: "manual",
      // Ctrl-C ends a forward in flight too, rather than waiting out the receiver.
      signal: stop
        ? AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), stop])
        : AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return { status: res.status, error: null, durationMs: Date.now() - started };
  } catch (err) {
    const error =
      err instanceof Error && err.name === "TimeoutError"
        ? `no answer within ${TIMEOUT_MS} ms`
        : describeError(err);
    return { status: null, error, durationMs: Date.now() - started };
  }
}
