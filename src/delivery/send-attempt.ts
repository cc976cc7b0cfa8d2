import { MAX_RESPONSE_BODY_BYTES } from "../domain/limits";
import { responseExcerpt } from "./response-excerpt";

/** What one HTTP attempt came to. */
export interface AttemptResult {
  statusCode: number | null;
  headers: Headers;
  responseBody: string | null;
  error: string | null;
  timedOut: boolean;
  durationMs: number;
}

/** Reads a little more than `max` bytes of a body (to tell a cut answer), then stops reading: a 50 MB answer costs 16 KiB. */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, max + 1));
  let offset = 0;
  for (const chunk of chunks) {
    const take = Math.min(chunk.byteLength, bytes.byteLength - offset);
    bytes.set(chunk.subarray(0, take), offset);
    offset += take;
    if (offset >= bytes.byteLength) break;
  }
  return responseExcerpt(bytes, max);
}

/**
 * The answer's excerpt. A short answer that declares its length and is not compressed (the
 * usual "ok") is read in one go: HTTP ends its body at that length, and without an encoding the
 * bytes read are the bytes declared. Anything else is read capped, chunk by chunk.
 */
async function readExcerpt(response: Response, max: number): Promise<string> {
  const declared = response.headers.get("content-length");
  if (
    declared !== null &&
    /^\d+$/.test(declared) &&
    Number(declared) <= max &&
    !response.headers.has("content-encoding")
  ) {
    return responseExcerpt(new Uint8Array(await response.arrayBuffer()), max);
  }
  return readCapped(response.body, max);
}

/**
 * POSTs one delivery. Redirects are never followed (a 3xx is a failed attempt), the whole
 * attempt (headers and the body excerpt) lives within timeoutMs, and a failure of any kind
 * becomes a result, never an exception.
 */
export async function sendAttempt(
  url: string,
  body: string,
  headers: Headers,
  timeoutMs: number,
): Promise<AttemptResult> {
  const started = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: "POST",
      body,
      headers,
      redirect: "manual",
      signal,
    });
    let responseBody: string | null = null;
    let error: string | null = null;
    try {
      responseBody = await readExcerpt(response, MAX_RESPONSE_BODY_BYTES);
    } catch (err) {
      // The status already decides the outcome; a body cut off by the deadline is only noted.
      error = `response body not fully read: ${describe(err, signal, timeoutMs)}`;
    }
    return {
      statusCode: response.status,
      headers: response.headers,
      responseBody,
      error,
      timedOut: false,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    const timedOut = signal.aborted;
    return {
      statusCode: null,
      headers: new Headers(),
      responseBody: null,
      error: describe(err, signal, timeoutMs),
      timedOut,
      durationMs: Date.now() - started,
    };
  }
}

function describe(err: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `timeout: no complete answer within ${timeoutMs} ms`;
  const message = err instanceof Error ? err.message : String(err);
  return message.slice(0, 500);
}
