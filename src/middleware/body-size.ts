import { bodyLimit } from "hono/body-limit";
import { HeraldError } from "../errors/herald-error";

/** The largest request body Herald reads: 1 MiB, counted on the stream so chunked bodies cannot slip past. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Refuses bodies over the limit with 413, before any of it is parsed. */
export function limitBodySize(maxBytes = MAX_REQUEST_BYTES) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HeraldError("payload_too_large", `The request body is larger than ${maxBytes} bytes`);
    },
  });
}
