import { describe, expect, it } from "vitest";
import {
  customHeadersSchema,
  isForbiddenHeader,
  isSensitiveHeader,
  REDACTED,
  redactHeaders,
} from "../../src/domain/custom-headers";

function messagesFor(headers: unknown): string[] {
  const result = customHeadersSchema.safeParse(headers);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

function manyHeaders(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`X-Custom-${i}`, "v"]));
}

describe("customHeadersSchema", () => {
  it("accepts ordinary headers unchanged", () => {
    const headers = {
      "X-Tenant": "acme",
      Authorization: "Bearer abc",
      Cookie: "session=1",
      "X-Api-Version": "2",
    };
    expect(customHeadersSchema.parse(headers)).toEqual(headers);
  });

  it("accepts an empty object", () => {
    expect(customHeadersSchema.parse({})).toEqual({});
  });

  it.each([
    "Host",
    "host",
    "Connection",
    "Content-Type",
    "Content-Length",
    "content-encoding",
    "CONTENT-MD5",
    "Transfer-Encoding",
    "TE",
    "Trailer",
    "Upgrade",
    "Keep-Alive",
    "HTTP2-Settings",
    "Proxy-Authorization",
    "Proxy-Connection",
    "proxy-anything",
    "User-Agent",
    "Expect",
    "Cache-Control",
    "Pragma",
    "Expires",
    "If-None-Match",
    "If-Modified-Since",
    "if-match",
    "Date",
    "Via",
    "webhook-id",
    "Webhook-Signature",
    "WEBHOOK-TIMESTAMP",
    "webhook-anything",
    "X-iGrant-Signature",
    "x-igrant-signature",
    "Forwarded",
    "X-Forwarded-For",
    "x-forwarded-host",
    "X-Real-IP",
    "CF-Connecting-IP",
    "cf-ray",
    "Cf-Worker",
  ])("refuses the forbidden header %s and names it", (name) => {
    const messages = messagesFor({ [name]: "value" });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(name);
    expect(isForbiddenHeader(name)).toBe(true);
  });

  it.each([
    "X-Content",
    "Hostname",
    "X-Webhook-Id",
    "Webhooks",
    "X-Proxy",
    "Iffy",
    "X-CF-Tenant",
    "Cookie",
    "Authorization",
    "X-Wallet-Id",
  ])("allows %s, which only resembles a forbidden name", (name) => {
    expect(customHeadersSchema.safeParse({ [name]: "value" }).success).toBe(true);
    expect(isForbiddenHeader(name)).toBe(false);
  });

  it.each([
    ["carriage return", "a\rb"],
    ["line feed", "a\nb"],
    ["CRLF injection", "ok\r\nX-Injected: 1"],
    ["NUL", "a\0b"],
    ["other control character", "a\u0007b"],
    ["DEL", "a\u007fb"],
  ])("refuses a value containing a %s", (_label, value) => {
    const messages = messagesFor({ "X-Tenant": value });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("X-Tenant");
  });

  it("accepts tabs, spaces and non-ASCII text in values", () => {
    expect(customHeadersSchema.safeParse({ "X-Note": "caf\u00e9 \t \u20ac" }).success).toBe(true);
  });

  it.each([
    ["a space", "X Tenant"],
    ["a colon", "X-Tenant:"],
    ["non-ASCII", "X-Caf\u00e9"],
    ["nothing", ""],
    ["a slash", "X/Tenant"],
    ["a CRLF", "X-A\r\nX-B"],
  ])("refuses a name containing %s", (_label, name) => {
    const messages = messagesFor({ [name]: "value" });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(JSON.stringify(name));
  });

  it("refuses two spellings of the same name", () => {
    const messages = messagesFor({ "X-Tenant": "a", "x-tenant": "b" });
    expect(messages).toEqual([expect.stringContaining("x-tenant")]);
  });

  it("accepts twenty headers", () => {
    expect(customHeadersSchema.safeParse(manyHeaders(20)).success).toBe(true);
  });

  it("refuses twenty-one headers", () => {
    expect(messagesFor(manyHeaders(21))).toEqual([expect.stringContaining("at most 20")]);
  });

  it("accepts a value of exactly 4096 bytes", () => {
    expect(customHeadersSchema.safeParse({ "X-Big": "a".repeat(4096) }).success).toBe(true);
  });

  it("refuses a value of 4097 bytes", () => {
    expect(messagesFor({ "X-Big": "a".repeat(4097) })).toEqual([expect.stringContaining("X-Big")]);
  });

  it("counts the value limit in UTF-8 bytes, not characters", () => {
    // 2048 two-byte characters make 4096 bytes; one more byte tips it over.
    expect(customHeadersSchema.safeParse({ "X-Big": "\u00e9".repeat(2048) }).success).toBe(true);
    expect(customHeadersSchema.safeParse({ "X-Big": `${"\u00e9".repeat(2048)}a` }).success).toBe(
      false,
    );
  });

  it("refuses values that are not strings", () => {
    expect(customHeadersSchema.safeParse({ "X-Count": 3 }).success).toBe(false);
    expect(customHeadersSchema.safeParse(["X-Count"]).success).toBe(false);
  });

  it("points each issue at the offending header", () => {
    const result = customHeadersSchema.safeParse({ Host: "evil", "X-Ok": "fine" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["Host"]);
  });
});

describe("sensitive headers", () => {
  it.each([
    "Authorization",
    "authorization",
    "Proxy-Authorization",
    "X-API-Key",
    "x-api-key",
    "apiKey",
    "APIKEY",
    "Cookie",
    "X-Auth-Token",
    "x-access-token",
    "X-Client-Secret",
    "X-Password",
    "Ocp-Apim-Subscription-Key",
    "X-Session-Id",
  ])("%s is sensitive", (name) => {
    expect(isSensitiveHeader(name)).toBe(true);
  });

  it.each(["X-Tenant", "Accept", "X-Wallet-Id", "X-Request-Id", "Accept-Language"])(
    "%s is not sensitive",
    (name) => {
      expect(isSensitiveHeader(name)).toBe(false);
    },
  );

  it("redacts only sensitive values and keeps every name as written", () => {
    const shown = redactHeaders({
      Authorization: "Bearer abc",
      "X-Tenant": "acme",
      "X-Refresh-Token": "t",
      Cookie: "c=1",
    });
    expect(shown).toEqual({
      Authorization: REDACTED,
      "X-Tenant": "acme",
      "X-Refresh-Token": REDACTED,
      Cookie: REDACTED,
    });
  });

  it("leaves the input untouched", () => {
    const stored = { Authorization: "Bearer abc" };
    redactHeaders(stored);
    expect(stored.Authorization).toBe("Bearer abc");
  });
});
