import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { logger } from "../observability/logger";
import { ERROR_CODES, type ErrorCode, HeraldError } from "./herald-error";
import { problemResponse } from "./problem";

const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  401: "unauthorized",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/**
 * The part of the app's context the handler reads: the request id. Asked for by shape, not as
 * AppEnv, so errors/ stays below config and app-env (config throws HeraldError).
 */
type RequestIdEnv = { Variables: { requestId: string } };

/** The one place errors become responses: problem+json, no stack traces, unknown errors logged once with the request id. */
export const errorHandler = <E extends RequestIdEnv>(err: Error, c: Context<E>): Response => {
  const requestId = c.get("requestId");
  const instance = new URL(c.req.url).pathname;
  if (err instanceof HeraldError) {
    return problemResponse(err.code, err.message, {
      errors: err.errors,
      headers: err.headers,
      requestId,
      instance,
    });
  }
  if (err instanceof HTTPException) {
    // Hono's own validators and middleware (malformed JSON, body limit) throw these.
    const code = HTTP_EXCEPTION_CODES[err.status] ?? "bad_request";
    return problemResponse(code, err.message || ERROR_CODES[code].title, { requestId, instance });
  }
  logger.error("unhandled error", {
    requestId,
    path: instance,
    error: String(err instanceof Error ? err.message : err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return problemResponse(
    "internal",
    "Something went wrong on our side; the request id identifies it in the logs",
    { requestId, instance },
  );
};
