import { type BadInput, TYPE } from "./bad-input-catalog";

// Webhook destinations, custom headers and retry schedules that must be refused.

// Production settings: https only, no private destinations (the test environment allows both).
const PRODUCTION = {
  ALLOW_PRIVATE_DESTINATIONS: "false",
  ALLOW_INSECURE_URLS: "false",
} as Partial<Env>;
const create = (fields: Record<string, unknown>) => ({
  path: "/v1/webhooks",
  body: { url: "https://receiver.example.com/x", ...fields },
  env: PRODUCTION,
});

/** Every spelling of a private, loopback, link-local or reserved destination. */
const SSRF_URLS = [
  "https://127.0.0.1/hook",
  "https://localhost/hook",
  "https://api.localhost/hook",
  "https://localhost./hook",
  "https://printer.local/hook",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://169.254.169.254/latest/meta-data/",
  "https://10.0.0.1/hook",
  "https://172.16.0.1/hook",
  "https://192.168.1.1/hook",
  "https://100.64.0.1/hook",
  "https://0.0.0.0/hook",
  "https://0/hook",
  "https://2130706433/hook",
  "https://0x7f000001/hook",
  "https://0177.0.0.1/hook",
  "https://017700000001/hook",
  "https://127.1/hook",
  "https://%31%32%37.0.0.1/hook",
  "https://\uff11\uff12\uff17.0.0.1/hook",
  "https://[::1]/hook",
  "https://[0:0:0:0:0:0:0:1]/hook",
  "https://[::ffff:127.0.0.1]/hook",
  "https://[::ffff:a9fe:a9fe]/hook",
  "https://[64:ff9b::a9fe:a9fe]/hook",
  "https://[fe80::1]/hook",
  "https://[fc00::1]/hook",
  "https://[2002:a9fe:a9fe::]/hook",
  "https://224.0.0.1/hook",
  "https://240.0.0.1/hook",
  "https://255.255.255.255/hook",
  "https://198.18.0.1/hook",
  "https://intranet/hook",
  "https://router.home.arpa/hook",
];

const destinations: BadInput[] = [
  ...SSRF_URLS.map(
    (url): BadInput => ({ group: "SSRF", name: url, status: 400, request: () => create({ url }) }),
  ),
  {
    group: "SSRF",
    name: "a PATCH moving the webhook to 169.254.169.254",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}`,
      method: "PATCH",
      body: { url: "https://169.254.169.254/" },
      env: PRODUCTION,
    }),
  },
  {
    group: "SSRF",
    name: "an event's notify target on 127.0.0.1",
    status: 400,
    ingest: true,
    request: () => ({
      path: "/v1/events",
      body: { type: TYPE, data: {}, notify: { url: "https://127.0.0.1/n" } },
      env: PRODUCTION,
    }),
  },
  {
    group: "SSRF",
    name: "an Identus-surface webhook on [::1]",
    status: 400,
    request: () => ({
      path: "/events/webhooks",
      body: { url: "https://[::1]/hook" },
      env: PRODUCTION,
    }),
  },
  {
    group: "scheme",
    name: "plain http in production",
    status: 400,
    request: () => create({ url: "http://receiver.example.com/hook" }),
  },
  ...[
    "ftp://receiver.example.com/",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/plain,hi",
    "ws://receiver.example.com/",
    "gopher://receiver.example.com/",
    "mailto:ops@example.com",
    "//receiver.example.com/hook",
    "receiver.example.com/hook",
  ].map(
    (url): BadInput => ({
      group: "scheme",
      name: url,
      status: 400,
      request: () => create({ url }),
    }),
  ),
  ...[
    "https://user:pw@receiver.example.com/",
    "https://:pw@receiver.example.com/",
    "https://user@receiver.example.com/",
    "https://receiver.example.com@127.0.0.1/",
  ].map(
    (url): BadInput => ({
      group: "credentials in the URL",
      name: url,
      status: 400,
      request: () => create({ url }),
    }),
  ),
  {
    group: "URL",
    name: "a URL of 3,000 characters",
    status: 400,
    request: () => create({ url: `https://receiver.example.com/${"a".repeat(3_000)}` }),
  },
  {
    group: "URL",
    name: "a #fragment outside the acapy format",
    status: 400,
    request: () => create({ url: "https://receiver.example.com/hook#key" }),
  },
];

/** Names Herald sets or controls itself, or that steer the connection or a proxy. */
const FORBIDDEN_HEADERS = [
  "Host",
  "Connection",
  "Content-Type",
  "Content-Length",
  "Content-Encoding",
  "Transfer-Encoding",
  "TE",
  "Trailer",
  "Upgrade",
  "Keep-Alive",
  "Proxy-Authorization",
  "Proxy-Connection",
  "User-Agent",
  "Expect",
  "Cache-Control",
  "Pragma",
  "Expires",
  "Date",
  "Via",
  "If-None-Match",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "Webhook-Delivery",
  "X-iGrant-Signature",
  "Forwarded",
  "X-Forwarded-For",
  "X-Forwarded-Host",
  "X-Real-IP",
  "CF-Connecting-IP",
  "cf-worker",
];

const headers: BadInput[] = [
  ...FORBIDDEN_HEADERS.map(
    (name): BadInput => ({
      group: "forbidden header",
      name,
      status: 400,
      request: () => create({ customHeaders: { [name]: "x" } }),
    }),
  ),
  ...(
    [
      ["CR in a value", { "X-Tenant": "a\rb" }],
      ["LF in a value", { "X-Tenant": "a\nInjected: yes" }],
      ["CRLF in a value", { "X-Tenant": "a\r\nInjected: yes" }],
      ["NUL in a value", { "X-Tenant": "a\u0000b" }],
      ["another control character in a value", { "X-Tenant": "a\u0007b" }],
      ["CRLF in a name", { "X-A\r\nInjected": "v" }],
      ["NUL in a name", { "X-A\u0000": "v" }],
      ["a space in a name", { "X Tenant": "v" }],
      ["a colon in a name", { "X-Tenant:": "v" }],
      ["an empty name", { "": "v" }],
      ["a non-ASCII name", { "X-Caf\u00e9": "v" }],
      ["a value of 4,097 bytes", { "X-Big": "v".repeat(4_097) }],
      ["a value of 1,366 euro signs (4,098 bytes)", { "X-Big": "\u20ac".repeat(1_366) }],
      ["21 headers", Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, "v"]))],
      ["one name twice in two cases", { "X-Tenant": "a", "x-tenant": "b" }],
    ] as [string, Record<string, string>][]
  ).map(
    ([name, customHeaders]): BadInput => ({
      group: "custom header",
      name,
      status: 400,
      request: () => create({ customHeaders }),
    }),
  ),
  {
    group: "custom header",
    name: "CRLF in a value by PATCH",
    status: 400,
    request: (f) => ({
      path: `/v1/webhooks/${f.a.hookId}`,
      method: "PATCH",
      body: { customHeaders: { "X-Tenant": "a\r\nInjected: yes" } },
    }),
  },
  {
    group: "custom header",
    name: "a forbidden header on the Identus surface",
    status: 400,
    request: () => ({
      path: "/events/webhooks",
      body: { url: "https://receiver.example.com/x", customHeaders: { Host: "evil" } },
    }),
  },
];

const retry: BadInput[] = (
  [
    ["a zero delay", { schedule: [0] }],
    ["a negative delay", { schedule: [-5] }],
    ["a fractional delay", { schedule: [1.5] }],
    ["a delay over 24 h", { schedule: [86_401] }],
    ["21 delays", { schedule: Array(21).fill(1) }],
    ["a delay given as a string", { schedule: ["5"] }],
    ["a schedule that is a string", { schedule: "1,2" }],
    ["a null schedule", { schedule: null }],
    ["an unknown preset", { preset: "aggressive" }],
    ["a preset and a schedule", { preset: "none", schedule: [1] }],
    ["an empty object", {}],
    ["an Infinity delay (as 1e999)", "raw"],
  ] as [string, unknown][]
).map(
  ([name, policy]): BadInput => ({
    group: "retry schedule",
    name,
    status: 400,
    request: () =>
      policy === "raw"
        ? {
            path: "/v1/webhooks",
            raw: '{"url":"https://receiver.example.com/x","retry":{"schedule":[1e999]}}',
            headers: { "content-type": "application/json" },
          }
        : { path: "/v1/webhooks", body: { url: "https://receiver.example.com/x", retry: policy } },
  }),
);

export const SETTINGS_ROWS: BadInput[] = [...destinations, ...headers, ...retry];
