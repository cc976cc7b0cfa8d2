/** Every way a request can fail, with its HTTP status and RFC 9457 title. A closed list: add here, nowhere else. */
export const ERROR_CODES = {
  bad_request: { status: 400, title: "Bad request" },
  validation_failed: { status: 400, title: "Validation failed" },
  // A request that is one of Herald's own deliveries come back: taking it would loop forever.
  delivery_loop: { status: 400, title: "Delivery loop" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  quota_exceeded: { status: 409, title: "Quota exceeded" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One field that failed validation, as `errors[]` in a problem document. */
export interface FieldError {
  path: string;
  message: string;
}

/** The one error type Herald throws on purpose; the error handler turns it into problem+json. */
export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "HeraldError";
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/** Shorthand for the 404 that also answers another wallet's resources (no existence leak). */
export function notFound(what: string): HeraldError {
  return new HeraldError("not_found", `${what} not found`);
}
