import { z } from "zod";

/** What a sensitive header value is shown as. */
export const REDACTED = "[redacted]";

/** Most custom headers one webhook may carry. */
export const MAX_CUSTOM_HEADERS = 20;

/** Largest custom header value, in UTF-8 bytes. */
export const MAX_HEADER_VALUE_BYTES = 4096;

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// Headers that steer the connection, the body, caches, proxies or our own
// signature: letting a tenant set them would break delivery or forge it.
const FORBIDDEN_NAMES = new Set([
  "host",
  "connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "keep-alive",
  "http2-settings",
  "user-agent",
  "expect",
  "cache-control",
  "pragma",
  "expires",
  "date",
  "via",
  "x-igrant-signature",
  "forwarded",
  "x-real-ip",
]);
const FORBIDDEN_PREFIXES = ["content-", "proxy-", "if-", "webhook-", "x-forwarded-", "cf-"];

const SENSITIVE_NAMES = new Set([
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "apikey",
  "cookie",
]);
// Over-redacting a harmless value costs nothing; showing a secret cannot be undone.
const SENSITIVE_WORDS = [
  "token",
  "secret",
  "password",
  "passwd",
  "key",
  "auth",
  "session",
  "credential",
  "signature",
  "cookie",
];

/** True for header names Herald sets or controls itself, which a webhook's customHeaders may not override. */
export function isForbiddenHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    FORBIDDEN_NAMES.has(lower) || FORBIDDEN_PREFIXES.some((prefix) => lower.startsWith(prefix))
  );
}

/** True for header names whose values are secrets (stored encrypted, shown redacted). */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_NAMES.has(lower) || SENSITIVE_WORDS.some((word) => lower.includes(word));
}

/** Replaces sensitive header values with a redaction marker for display. */
export function redactHeaders(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h).map(([name, value]) => [name, isSensitiveHeader(name) ? REDACTED : value]),
  );
}

/** Why a header value cannot be sent, or null when it can. */
function valueProblem(value: string): string | null {
  if (value.includes("\r")) return "contains a carriage return (CR)";
  if (value.includes("\n")) return "contains a line feed (LF)";
  if (value.includes("\0")) return "contains a NUL character";
  // Other controls are invalid field content (RFC 9110) and many receivers answer 400.
  if (/[\u0001-\u0008\u000b-\u001f\u007f]/.test(value)) return "contains a control character";
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > MAX_HEADER_VALUE_BYTES)
    return `is ${bytes} bytes, more than ${MAX_HEADER_VALUE_BYTES}`;
  return null;
}

/** zod schema for a webhook's customHeaders: at most 20, names are HTTP tokens, values have no CR/LF/NUL and are at most 4 KiB, forbidden names refused. */
export const customHeadersSchema: z.ZodType<Record<string, string>> = z
  .record(z.string(), z.string())
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > MAX_CUSTOM_HEADERS) {
      ctx.addIssue({
        code: "custom",
        message: `at most ${MAX_CUSTOM_HEADERS} custom headers are allowed, got ${names.length}`,
      });
    }
    const seen = new Set<string>();
    for (const [name, value] of Object.entries(headers)) {
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: [name], message });
      if (!TOKEN.test(name)) {
        issue(`header name ${JSON.stringify(name)} is not a valid HTTP token`);
        continue;
      }
      if (isForbiddenHeader(name))
        issue(`header ${name} is set by Herald and cannot be customised`);
      // Two spellings of one name would be merged into a single header on the wire.
      if (seen.has(name.toLowerCase()))
        issue(`header ${name} is given more than once (names are case-insensitive)`);
      seen.add(name.toLowerCase());
      const problem = valueProblem(value);
      if (problem !== null) issue(`value of header ${name} ${problem}`);
    }
  });

/**
 * A credential Herald sends in a header (a webhook's `bearerToken` or `apiKey`, a notify
 * target's `bearerToken`): 1 to 4096 visible ASCII characters, single spaces between them.
 * CR, LF, NUL, other controls, tabs, edge spaces and anything beyond ASCII (a zero-width space
 * pasted along) are refused when the value is given, since the runtime would refuse the header
 * only when the delivery is sent.
 */
export const credentialSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(
    // Empty matches too, so an empty value gets one error (min(1)'s), not two.
    /^(?:[\x21-\x7e]+(?: [\x21-\x7e]+)*)?$/,
    "must be visible ASCII characters (single spaces between them): no CR, LF, NUL, tab, other control or invisible character",
  );
