import { createMiddleware } from "hono/factory";
import { HeraldError } from "../errors/herald-error";

/** The largest request body Herald reads: 1 MiB, counted on the stream so chunked bodies cannot slip past. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

const tooLarge = (maxBytes: number) => new HeraldError("payload_too_large", `The request body is larger than ${maxBytes} bytes`);

/**
 * Refuses bodies over the limit with 413, before any of it is parsed. A declared
 * Content-Length over the limit is refused unread; otherwise the bytes are counted as they
 * arrive, since a Content-Length that understates the body must not let it past (hono's
 * bodyLimit trusts the header), and the counted bytes become the body the routes read.
 */
export function limitBodySize(maxBytes = MAX_REQUEST_BYTES) {
  return createMiddleware(async function limitBodySize(c, next) {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = Number(c.req.raw.headers.get("content-length") ?? 0);
    if (declared > maxBytes) throw tooLarge(maxBytes);
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: bytes });
    return next();
  });
}
