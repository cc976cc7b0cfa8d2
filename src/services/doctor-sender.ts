import type { ProbeAnswer } from "../domain/doctor/judge";
import type { ProbeRequest } from "../domain/doctor/plan";
import type { ProbeSender } from "../domain/doctor/run";
import { MAX_RESPONSE_BODY_BYTES } from "../domain/limits";
import { USER_AGENT } from "../domain/user-agent";

const encoder = new TextEncoder();

/** The read-body probe's body: a stream that holds its second half back; `ended` once all is sent. */
function heldBody(request: ProbeRequest, hold: NonNullable<ProbeRequest["hold"]>) {
  const bytes = encoder.encode(request.body);
  const split = encoder.encode(request.body.slice(0, hold.splitAt)).byteLength;
  let ended = false;
  let abandoned = false;
  let close = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      close = () => controller.close();
      controller.enqueue(bytes.subarray(0, split));
      setTimeout(() => {
        ended = true;
        // Once the receiver has answered, the runtime reads no more of the request body.
        if (abandoned) return;
        controller.enqueue(bytes.subarray(split));
        controller.close();
      }, hold.holdMs);
    },
  });
  return {
    stream,
    ended: () => ended,
    abandon: () => {
      if (ended || abandoned) return;
      abandoned = true;
      close();
    },
  };
}

/**
 * The Worker's probe sender: one fetch per probe, redirects not followed, the whole exchange
 * within timeoutMs, a failure of any kind an answer without status. Probes go straight to the
 * webhook's URL: no queue, no object, no delivery row, so they never count as deliveries.
 */
export const workerSender: ProbeSender = async (request, timeoutMs) => {
  const started = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  const held = request.hold ? heldBody(request, request.hold) : null;
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: { "user-agent": USER_AGENT, ...request.headers },
      body: held?.stream ?? request.body,
      redirect: "manual",
      signal,
    });
    const beforeBodyEnd = held ? !held.ended() : undefined;
    held?.abandon();
    const text = await response.text().catch(() => null);
    return {
      status: response.status,
      error: null,
      body: text === null ? null : text.slice(0, MAX_RESPONSE_BODY_BYTES),
      durationMs: Date.now() - started,
      beforeBodyEnd,
    } satisfies ProbeAnswer;
  } catch (err) {
    held?.abandon();
    return {
      status: null,
      error: signal.aborted
        ? "timeout"
        : err instanceof Error
          ? err.message.slice(0, 200)
          : "failed",
      body: null,
      durationMs: Date.now() - started,
    };
  }
};
