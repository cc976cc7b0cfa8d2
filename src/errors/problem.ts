import { ERROR_CODES, type ErrorCode, type FieldError } from "./herald-error";

/** An RFC 9457 problem document as Herald writes it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

/** Builds the problem+json response for an error code. */
export function problemResponse(
  code: ErrorCode,
  detail: string,
  extra: {
    errors?: FieldError[];
    requestId?: string;
    instance?: string;
    headers?: Record<string, string>;
  } = {},
): Response {
  const { status, title } = ERROR_CODES[code];
  const body: Problem = {
    type: `urn:herald:problem:${code.replaceAll("_", "-")}`,
    title,
    status,
    detail,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
  };
  // Built outside Hono's context, so the request id header has to be set here too.
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/problem+json",
      ...(extra.requestId ? { "x-request-id": extra.requestId } : {}),
      ...extra.headers,
    },
  });
}
