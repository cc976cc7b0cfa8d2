import { ADMIN_KEY, type CallOptions } from "../helpers/api";

// The bad-input catalog: requests that must be refused (or, for free-text filters, answered
// with nothing), each with its expected status. Destinations, headers and retry schedules
// are in bad-input-settings.ts. bad-input.test.ts sends every row and checks that nothing
// changed.

/** The tenants and resources rows point at. Wallet A is the caller; B is someone else. */
export interface Fixtures {
  a: { id: string; apiKey: string; hookId: string; seedEventId: string };
  b: {
    id: string;
    apiKey: string;
    hookId: string;
    eventId: string;
    deliveryId: string;
    typeName: string;
  };
  revokedKey: string;
  deletedWalletKey: string;
  deletedWalletId: string;
  /** Keys of wallet A limited to one scope, and one past its expiry. */
  ingestKey: string;
  readKey: string;
  expiredKey: string;
}

/** One request of the catalog. */
export interface BadInput {
  group: string;
  name: string;
  status: number;
  /** The request, sent with wallet A's key unless it names another `key` (null: none). */
  request: (f: Fixtures) => CallOptions & { path: string };
  /** Reaches the ingest path: the test waits for the consumer before comparing the event log. */
  ingest?: boolean;
  /** What the problem's detail must say, where the status alone could come from another check. */
  detail?: RegExp;
  /** A 2xx row: what the answer must (not) show. */
  check?: (body: any, f: Fixtures) => void;
}

export const MIB = 1024 * 1024;
export const TYPE = "openid.credential.offer_sent";
const JSON_TYPE = { "content-type": "application/json" };
const enc = new TextEncoder();

/** A body of `bytes` bytes that arrives as a stream with no Content-Length (chunked on the wire). */
export function chunked(bytes: number, fill = 0x20): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(fill);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
      sent += part.length;
      controller.enqueue(part);
    },
  });
}

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const rawJson = (path: string, raw: BodyInit, extra: Partial<CallOptions> = {}) => ({
  path,
  raw,
  headers: JSON_TYPE,
  ...extra,
});
const event = (fields: Record<string, unknown>) => ({ type: TYPE, data: { n: 1 }, ...fields });
const bytesWith = (before: string, bad: number[], after: string) =>
  new Uint8Array([...enc.encode(before), ...bad, ...enc.encode(after)]);

const syntax: BadInput[] = [
  {
    group: "JSON",
    name: "malformed JSON on webhook create",
    status: 400,
    request: () => rawJson("/v1/webhooks", "{url:"),
  },
  {
    group: "JSON",
    name: "truncated JSON on webhook create",
    status: 400,
    request: () => rawJson("/v1/webhooks", '{"url": "https://receiver.example.com/ho'),
  },
  {
    group: "JSON",
    name: "truncated JSON on event ingest",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", `{"type":"${TYPE}","data":{"n":`),
  },
  {
    group: "JSON",
    name: "empty body declared as JSON",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", "", { method: "POST" }),
  },
  {
    group: "JSON",
    name: "JSON null",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", "null"),
  },
  {
    group: "JSON",
    name: "a JSON array instead of an object",
    status: 400,
    request: () => rawJson("/v1/webhooks", '["https://receiver.example.com"]'),
  },
  {
    group: "JSON",
    name: "a JSON string instead of an object",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events/batch", '"events"'),
  },
  {
    group: "JSON",
    name: "trailing garbage after the object",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", `{"type":"${TYPE}","data":{}} x`),
  },
  {
    group: "JSON",
    name: "single-quoted JSON",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", `{'type':'${TYPE}','data':{}}`),
  },
  {
    group: "JSON",
    name: "NaN and comments",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", `{"type":"${TYPE}","data":{"n":NaN} /* hi */}`),
  },
];

const contentTypes: BadInput[] = [
  {
    group: "content type",
    name: "text/plain",
    status: 415,
    request: () => ({
      path: "/v1/webhooks",
      raw: '{"url":"https://receiver.example.com/x"}',
      headers: { "content-type": "text/plain" },
    }),
  },
  {
    group: "content type",
    name: "no content type on ingest",
    status: 415,
    ingest: true,
    request: () => ({
      path: "/v1/events",
      method: "POST",
      raw: enc.encode(JSON.stringify(event({}))),
    }),
  },
  {
    group: "content type",
    name: "form-urlencoded",
    status: 415,
    ingest: true,
    request: () => ({
      path: "/v1/events",
      raw: `type=${TYPE}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
  },
  {
    group: "content type",
    name: "multipart/form-data",
    status: 415,
    request: () => ({
      path: "/v1/webhooks",
      raw: "--b\r\n\r\nx\r\n--b--",
      headers: { "content-type": "multipart/form-data; boundary=b" },
    }),
  },
  {
    group: "content type",
    name: "text/json",
    status: 415,
    ingest: true,
    request: () => ({
      path: "/v1/events/batch",
      raw: JSON.stringify({ events: [event({})] }),
      headers: { "content-type": "text/json" },
    }),
  },
  {
    group: "content type",
    name: "application/xml",
    status: 415,
    ingest: true,
    request: () => ({
      path: "/v1/events",
      raw: "<event/>",
      headers: { "content-type": "application/xml" },
    }),
  },
];

const sizes: BadInput[] = [
  {
    group: "size",
    name: "1 MiB + 1 byte with Content-Length",
    status: 413,
    ingest: true,
    request: () => rawJson("/v1/events", JSON.stringify(event({ data: { s: "x".repeat(MIB) } }))),
  },
  {
    group: "size",
    name: "1 MiB + 1 byte chunked, no Content-Length",
    status: 413,
    ingest: true,
    request: () => rawJson("/v1/events/batch", chunked(MIB + 1), { method: "POST" }),
  },
  {
    group: "size",
    name: "8 MiB chunked",
    status: 413,
    request: () => rawJson("/v1/webhooks", chunked(8 * MIB), { method: "POST" }),
  },
  {
    group: "size",
    name: "8 MiB with Content-Length",
    status: 413,
    ingest: true,
    request: () =>
      rawJson("/v1/events", JSON.stringify(event({ data: { s: "x".repeat(8 * MIB) } }))),
  },
  {
    group: "size",
    name: "2 MiB behind a Content-Length that says 100",
    status: 413,
    ingest: true,
    detail: /request body is larger than 1048576/,
    request: () =>
      rawJson("/v1/events", JSON.stringify(event({ data: { s: "x".repeat(2 * MIB) } })), {
        headers: { ...JSON_TYPE, "content-length": "100" },
      }),
  },
  {
    group: "size",
    name: "a Content-Length of 2 MiB",
    status: 413,
    ingest: true,
    request: () =>
      rawJson("/v1/events", JSON.stringify(event({})), {
        headers: { ...JSON_TYPE, "content-length": String(2 * MIB) },
      }),
  },
  {
    group: "size",
    name: "an event just over 100 KiB",
    status: 413,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ data: { s: "x".repeat(100 * 1024) } }) }),
  },
  {
    group: "size",
    name: "a batch of 300 KB of events",
    status: 413,
    ingest: true,
    request: () => ({
      path: "/v1/events/batch",
      body: {
        events: Array.from({ length: 3 }, () => event({ data: { s: "x".repeat(100_000) } })),
      },
    }),
  },
  {
    group: "size",
    name: "a batch of 101 events",
    status: 400,
    ingest: true,
    request: () => ({
      path: "/v1/events/batch",
      body: { events: Array.from({ length: 101 }, () => event({})) },
    }),
  },
  {
    group: "size",
    name: "a 200 KB string",
    status: 413,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ data: { s: "y".repeat(200_000) } }) }),
  },
  {
    group: "size",
    name: "an array of 60,000 numbers",
    status: 413,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ data: { list: Array(60_000).fill(0) } }) }),
  },
  {
    group: "size",
    name: "a 600-character description",
    status: 400,
    request: () => ({
      path: "/v1/webhooks",
      body: { url: "https://receiver.example.com/x", description: "d".repeat(600) },
    }),
  },
];

const depth: BadInput[] = [
  {
    group: "nesting",
    name: "data nested 5,000 levels on ingest",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", `{"type":"${TYPE}","data":${nested(5_000)}}`),
  },
  {
    group: "nesting",
    name: "a body nested 65 levels",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", `{"type":"${TYPE}","data":${nested(64)}}`),
  },
  {
    group: "nesting",
    name: "arrays nested 10,000 levels in a batch",
    status: 400,
    ingest: true,
    request: () =>
      rawJson(
        "/v1/events/batch",
        `{"events":[{"type":"${TYPE}","data":{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}}]}`,
      ),
  },
  {
    group: "nesting",
    name: "data nested 3,000 levels on Identus ingest",
    status: 400,
    ingest: true,
    request: () =>
      rawJson(
        "/v1/ingest/identus",
        `{"id":"x","ts":"2024-01-01T00:00:00Z","type":"ConnectionUpdated","data":${nested(3_000)}}`,
      ),
  },
  {
    group: "nesting",
    name: "a record nested 3,000 levels on ACA-Py ingest",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/ingest/acapy/topic/connections/", nested(3_000)),
  },
  {
    group: "nesting",
    name: "test-send data nested 3,000 levels",
    status: 400,
    ingest: true,
    request: (f) =>
      rawJson(
        `/v1/webhooks/${f.a.hookId}/test`,
        `{"eventType":"ConnectionUpdated","data":${nested(3_000)}}`,
      ),
  },
  {
    group: "nesting",
    name: "an event-type schema nested 3,000 levels",
    status: 400,
    request: () =>
      rawJson(
        "/v1/event-types",
        `{"name":"acme.deep","description":"d","schema":${nested(3_000)}}`,
      ),
  },
];

// A schema whose $ref leads back to itself without consuming input recurses for ever.
const CYCLE = { $defs: { a: { $ref: "#/$defs/a" } }, $ref: "#/$defs/a" };
const schemas: BadInput[] = [
  {
    group: "schema",
    name: "an event-type schema that is a $ref cycle",
    status: 400,
    request: () => ({
      path: "/v1/event-types",
      body: { name: "acme.cycle", description: "d", schema: CYCLE, validateIngest: true },
    }),
  },
  {
    group: "schema",
    name: "a $ref cycle with an example to check",
    status: 400,
    request: () => ({
      path: "/v1/event-types",
      body: { name: "acme.cycle", description: "d", schema: CYCLE, example: {} },
    }),
  },
  {
    group: "schema",
    name: "a $ref cycle reached only by objects",
    status: 400,
    request: () => ({
      path: "/v1/event-types",
      body: {
        name: "acme.cycle",
        description: "d",
        schema: {
          $defs: { a: { if: { type: "object" }, then: { $ref: "#/$defs/a" } } },
          $ref: "#/$defs/a",
        },
      },
    }),
  },
  {
    group: "schema",
    name: "a remote $ref",
    status: 400,
    request: () => ({
      path: "/v1/event-types",
      body: {
        name: "acme.remote",
        description: "d",
        schema: { $ref: "https://schemas.example.com/x.json" },
      },
    }),
  },
  {
    group: "schema",
    name: "an example that does not match its schema",
    status: 400,
    request: () => ({
      path: "/v1/event-types",
      body: {
        name: "acme.mismatch",
        description: "d",
        schema: { type: "object", required: ["id"] },
        example: {},
      },
    }),
  },
];

const unicode: BadInput[] = [
  {
    group: "encoding",
    name: "invalid UTF-8 in a webhook description",
    status: 400,
    request: () =>
      rawJson(
        "/v1/webhooks",
        bytesWith('{"url":"https://receiver.example.com/x","description":"a', [0xff, 0xfe], '"}'),
      ),
  },
  {
    group: "encoding",
    name: "invalid UTF-8 in event data",
    status: 400,
    ingest: true,
    request: () =>
      rawJson("/v1/events", bytesWith(`{"type":"${TYPE}","data":{"s":"`, [0xc3, 0x28], '"}}')),
  },
  {
    group: "encoding",
    name: "an overlong UTF-8 encoding of '/'",
    status: 400,
    ingest: true,
    request: () =>
      rawJson("/v1/events", bytesWith(`{"type":"${TYPE}","data":{"s":"`, [0xc0, 0xaf], '"}}')),
  },
  {
    group: "encoding",
    name: "UTF-16 instead of UTF-8",
    status: 400,
    ingest: true,
    request: () =>
      rawJson(
        "/v1/events",
        new Uint8Array([
          0xff,
          0xfe,
          ...[...JSON.stringify(event({}))].flatMap((ch) => [ch.charCodeAt(0), 0]),
        ]),
      ),
  },
  {
    group: "encoding",
    name: "a lone surrogate in a webhook description",
    status: 400,
    request: () =>
      rawJson("/v1/webhooks", '{"url":"https://receiver.example.com/x","description":"a\\ud800b"}'),
  },
  {
    group: "encoding",
    name: "a lone low surrogate in an event data key",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", `{"type":"${TYPE}","data":{"\\udc00":1}}`),
  },
  {
    group: "encoding",
    name: "a __proto__ key in event data",
    status: 400,
    ingest: true,
    request: () => rawJson("/v1/events", `{"type":"${TYPE}","data":{"__proto__":{"admin":true}}}`),
  },
  {
    group: "encoding",
    name: "a __proto__ key spelled with an escape",
    status: 400,
    ingest: true,
    request: () =>
      rawJson("/v1/events", `{"type":"${TYPE}","data":{"\\u005f_proto__":{"admin":true}}}`),
  },
  {
    group: "unicode",
    name: "fullwidth letters in an event type",
    status: 400,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ type: "ｏｐｅｎｉｄ.credential" }) }),
  },
  {
    group: "unicode",
    name: "a right-to-left override in an event type",
    status: 400,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ type: "openid.\u202ecredential" }) }),
  },
  {
    group: "unicode",
    name: "a non-ASCII event id",
    status: 400,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ id: "évènement-1" }) }),
  },
  {
    group: "reserved",
    name: 'the reserved event id "stream"',
    status: 400,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ id: "stream" }) }),
  },
  {
    group: "reserved",
    name: 'the reserved event id "stream" on Identus ingest',
    status: 400,
    ingest: true,
    request: () => ({
      path: "/v1/ingest/identus",
      body: { id: "stream", ts: "2024-01-01T00:00:00Z", type: "ConnectionUpdated", data: {} },
    }),
  },
  ...(
    [
      ["no event", { webhook: {} }],
      ["no webhook", { event: "credentials:done" }],
      ["webhook an array", { event: "credentials:done", webhook: [] }],
      ["event a number", { event: 5, webhook: {} }],
      ["an unknown field", { event: "credentials:done", webhook: {}, wallet: "w" }],
    ] as [string, unknown][]
  ).map(
    ([what, body]): BadInput => ({
      group: "wrong type",
      name: `Proven ingest: ${what}`,
      status: 400,
      ingest: true,
      request: () => ({ path: "/v1/ingest/proven", body }),
    }),
  ),
  {
    group: "unicode",
    name: "a zero-width space in a channel",
    status: 400,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ channels: ["issuer\u200b1"] }) }),
  },
  {
    group: "unicode",
    name: "an emoji in a subscription pattern",
    status: 400,
    request: () => ({
      path: "/v1/webhooks",
      body: { url: "https://receiver.example.com/x", eventTypes: ["openid.🔥.*"] },
    }),
  },
];

const wrongTypes: BadInput[] = [
  ...(
    [
      ["url", 42],
      ["description", 7],
      ["enabled", "true"],
      ["eventTypes", "openid.*"],
      ["channels", { a: 1 }],
      ["format", "xml"],
      ["bearerToken", 123],
      ["apiKey", {}],
      ["customHeaders", ["X-A: b"]],
      ["retry", "standard"],
      ["ordering", "random"],
      ["maxInFlight", 7],
      ["maxInFlight", "6"],
      ["rateLimitPerSecond", 0],
      ["timeoutMs", 500],
      ["timeoutMs", 1e9],
      ["walletId", "not-a-uuid"],
    ] as [string, unknown][]
  ).map(
    ([field, value]): BadInput => ({
      group: "wrong type",
      name: `webhook ${field}: ${JSON.stringify(value)}`,
      status: 400,
      request: () => ({
        path: "/v1/webhooks",
        body: { url: "https://receiver.example.com/x", [field]: value },
      }),
    }),
  ),
  ...(
    [
      ["type", 5],
      ["type", ""],
      ["data", "x"],
      ["data", []],
      ["data", null],
      ["id", 5],
      ["id", ""],
      ["id", "a".repeat(129)],
      ["channels", "a"],
      ["subject", 7],
      ["subject", ""],
      ["expiresAt", "tomorrow"],
      ["expiresAt", 1700000000],
      ["notify", "https://receiver.example.com"],
      ["notify", { url: "https://receiver.example.com", format: "xml" }],
      ["notify", { url: "https://receiver.example.com", mode: "instead" }],
      ["walletId", "not-a-uuid"],
    ] as [string, unknown][]
  ).map(
    ([field, value]): BadInput => ({
      group: "wrong type",
      name: `event ${field}: ${JSON.stringify(value).slice(0, 40)}`,
      status: 400,
      ingest: true,
      request: () => ({ path: "/v1/events", body: { ...event({}), [field]: value } }),
    }),
  ),
  ...(
    [
      ["a 5-character secret", { igrantWebhookSecret: "short" }],
      ["a number", { igrantWebhookSecret: 7 }],
      ["a 257-character secret", { igrantWebhookSecret: "s".repeat(257) }],
      ["another field", { igrantWebhookSecret: null, name: "renamed" }],
    ] as [string, unknown][]
  ).map(
    ([what, body]): BadInput => ({
      group: "wrong type",
      name: `wallet igrantWebhookSecret: ${what} (admin)`,
      status: 400,
      request: (f) => ({ path: `/v1/wallets/${f.a.id}`, method: "PATCH", key: ADMIN_KEY, body }),
    }),
  ),
  {
    group: "wrong type",
    name: "wallet igrantWebhookSecret with a wallet key",
    status: 403,
    request: (f) => ({
      path: `/v1/wallets/${f.a.id}`,
      method: "PATCH",
      body: { igrantWebhookSecret: "a-secret-long-enough-1234" },
    }),
  },
  {
    group: "wrong type",
    name: "wallet name: an empty string (admin)",
    status: 400,
    request: () => ({ path: "/v1/wallets", key: ADMIN_KEY, body: { name: "  " } }),
  },
  {
    group: "wrong type",
    name: "PATCH enabled: null",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}`,
      method: "PATCH",
      body: { enabled: null },
    }),
  },
  {
    group: "wrong type",
    name: "recover since: not a date",
    status: 400,
    request: (f) => ({ path: `/v1/webhooks/${f.a.hookId}/recover`, body: { since: "yesterday" } }),
  },
  {
    group: "wrong type",
    name: "recover since: 20 days back",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}/recover`,
      body: { since: new Date(Date.now() - 20 * 86_400_000).toISOString() },
    }),
  },
];

const unknownFields: BadInput[] = [
  {
    group: "unknown field",
    name: "on webhook create",
    status: 400,
    request: () => ({
      path: "/v1/webhooks",
      body: { url: "https://receiver.example.com/x", secret: "whsec_mine" },
    }),
  },
  {
    group: "unknown field",
    name: "on webhook PATCH",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}`,
      method: "PATCH",
      body: { walletId: f.b.id },
    }),
  },
  {
    group: "unknown field",
    name: "on event ingest",
    status: 400,
    ingest: true,
    request: () => ({ path: "/v1/events", body: event({ priority: "high" }) }),
  },
  {
    group: "unknown field",
    name: "inside a notify target",
    status: 400,
    ingest: true,
    request: () => ({
      path: "/v1/events",
      body: event({ notify: { url: "https://receiver.example.com/n", headers: {} } }),
    }),
  },
  {
    group: "unknown field",
    name: "on a batch",
    status: 400,
    ingest: true,
    request: () => ({ path: "/v1/events/batch", body: { events: [event({})], atomic: true } }),
  },
  {
    group: "unknown field",
    name: "on wallet create (admin)",
    status: 400,
    request: () => ({ path: "/v1/wallets", key: ADMIN_KEY, body: { name: "x", plan: "gold" } }),
  },
];

const pagination: BadInput[] = [
  ...["0", "-1", "101", "1e400", "1.5", "ten", "99999999999999999999"].map(
    (limit): BadInput => ({
      group: "pagination",
      name: `webhook list limit=${limit}`,
      status: 400,
      request: () => ({ path: `/v1/webhooks?limit=${limit}` }),
    }),
  ),
  {
    group: "pagination",
    name: "limit given twice",
    status: 400,
    request: () => ({ path: "/v1/webhooks?limit=1&limit=2" }),
  },
  {
    group: "pagination",
    name: "event log limit=0",
    status: 400,
    request: () => ({ path: "/v1/events?limit=0" }),
  },
  {
    group: "pagination",
    name: "event log cursor -5",
    status: 400,
    request: () => ({ path: "/v1/events?cursor=-5" }),
  },
  {
    group: "pagination",
    name: "event log cursor 10^23",
    status: 400,
    request: () => ({ path: "/v1/events?cursor=99999999999999999999999" }),
  },
  {
    group: "pagination",
    name: "webhook list cursor that was never issued",
    status: 400,
    request: () => ({ path: `/v1/webhooks?cursor=${btoa("not-a-webhook-id")}` }),
  },
  {
    group: "pagination",
    name: "delivery log limit=-0",
    status: 400,
    request: (f) => ({ path: `/v1/webhooks/${f.a.hookId}/deliveries?limit=-0` }),
  },
];

const hook = (fields: Record<string, unknown>) => ({
  path: "/v1/webhooks",
  body: { url: "https://receiver.example.com/x", ...fields },
});

// Ed25519 signatures, thin payloads and redaction (and the keys and links they come with).
const deliveryOptions: BadInput[] = [
  ...(
    [
      ["signature: an unknown scheme", { signature: "rsa" }],
      ["signature: null", { signature: null }],
      ["payload: an unknown mode", { payload: "summary" }],
      ["redact: a string, not a list", { redact: "/data/credential" }],
      ["redact: a pointer without its leading slash", { redact: ["data/credential"] }],
      ["redact: an invalid ~ escape", { redact: ["/data/a~2b"] }],
      ["redact: a pointer outside /data", { redact: ["/id"] }],
      ["redact: the whole of /data", { redact: ["/data"] }],
      ["redact: the same pointer twice", { redact: ["/data/a", "/data/a"] }],
      ["redact: 51 pointers", { redact: Array.from({ length: 51 }, (_, i) => `/data/f${i}`) }],
      ["redact: a 501-character pointer", { redact: [`/data/${"a".repeat(495)}`] }],
    ] as [string, Record<string, unknown>][]
  ).map(
    ([name, fields]): BadInput => ({
      group: "delivery options",
      name: `webhook ${name}`,
      status: 400,
      request: () => hook(fields),
    }),
  ),
  {
    group: "delivery options",
    name: "webhook payload thin with the walt.id format",
    status: 400,
    request: () => hook({ format: "waltid", payload: "thin" }),
  },
  {
    group: "delivery options",
    name: "webhook payload thin with redact pointers",
    status: 400,
    request: () => hook({ payload: "thin", redact: ["/data/credential"] }),
  },
  {
    group: "delivery options",
    name: "PATCH signature: an unknown scheme",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}`,
      method: "PATCH",
      body: { signature: "ecdsa" },
    }),
  },
  {
    group: "delivery options",
    name: "event link token that is not one",
    status: 401,
    detail: /token/,
    request: (f) => ({ path: `/v1/events/${f.a.seedEventId}?token=garbage`, key: null }),
  },
  {
    group: "delivery options",
    name: "event link token with a forged MAC",
    status: 401,
    detail: /token/,
    request: (f) => ({
      path: `/v1/events/${f.a.seedEventId}?token=${f.a.id}.${Math.floor(Date.now() / 1000) + 600}.${"A".repeat(43)}`,
      key: null,
    }),
  },
  {
    group: "delivery options",
    name: "signing key rotation by the admin without a wallet",
    status: 400,
    request: () => ({ path: "/v1/signing-keys/rotate", method: "POST", key: ADMIN_KEY }),
  },
  {
    group: "delivery options",
    name: "DID document of an unknown wallet",
    status: 404,
    request: () => ({ path: `/wallets/${crypto.randomUUID()}/did.json`, key: null }),
  },
  {
    group: "delivery options",
    name: "JWKS of an unknown wallet",
    status: 404,
    request: () => ({ path: `/v1/wallets/${crypto.randomUUID()}/jwks.json`, key: null }),
  },
];

export const REQUEST_ROWS: BadInput[] = [
  ...syntax,
  ...contentTypes,
  ...sizes,
  ...depth,
  ...schemas,
  ...unicode,
  ...wrongTypes,
  ...unknownFields,
  ...pagination,
  ...deliveryOptions,
];
