import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config";
import { database } from "../../src/db/client";
import { open } from "../../src/domain/crypto/secret-box";
import { bootstrap } from "../../src/services/bootstrap";
import { ADMIN_KEY, call, callJson, newWallet, newWebhook } from "../helpers/api";

// Distinctive values, so a leak anywhere is found by a plain substring search.
const BEARER = "bearer-plaintext-7f3a9c";
const API_KEY = "apikey-plaintext-2b8d41";
const HEADER_SECRET = "header-plaintext-c05e6e";
const FRAGMENT_KEY = "fragment-plaintext-91aa0f";
const SENSITIVE = {
  bearerToken: BEARER,
  apiKey: API_KEY,
  customHeaders: { Authorization: `Bearer ${HEADER_SECRET}`, "X-Trace": "not-secret" },
};

type Row = {
  secret_enc: string;
  bearer_token_enc: string;
  api_key_enc: string;
  custom_headers_enc: string;
  custom_headers: string;
  url: string;
};

async function storedRow(id: string): Promise<Row> {
  return (await env.DB.prepare("SELECT * FROM webhooks WHERE id = ?").bind(id).first<Row>())!;
}

function expectNoPlaintext(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("webhook secrets in D1", () => {
  it("stores the signing secret, bearer token, API key and sensitive headers only as ciphertext", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, SENSITIVE);
    const row = await storedRow(created.id);
    const plaintexts: Array<[keyof Row, string]> = [
      ["secret_enc", created.secret],
      ["bearer_token_enc", BEARER],
      ["api_key_enc", API_KEY],
      ["custom_headers_enc", HEADER_SECRET],
    ];
    for (const [column, plaintext] of plaintexts) {
      expect(row[column], column).toEqual(expect.any(String));
      expect(row[column]).not.toBe(plaintext);
      expect(row[column]).not.toContain(plaintext);
      expect(row[column]).not.toContain(btoa(plaintext));
    }
    expectNoPlaintext(JSON.stringify(row), [created.secret, BEARER, API_KEY, HEADER_SECRET]);
    // The plain column keeps only what is not sensitive.
    expect(JSON.parse(row.custom_headers)).toEqual({ "X-Trace": "not-secret" });
    // And the ciphertexts are Herald's: they open with ENCRYPTION_KEY to what was given.
    expect(await open({ keys: [env.ENCRYPTION_KEY] }, row.secret_enc)).toBe(created.secret);
    expect(await open({ keys: [env.ENCRYPTION_KEY] }, row.bearer_token_enc)).toBe(BEARER);
    expect(JSON.parse(await open({ keys: [env.ENCRYPTION_KEY] }, row.custom_headers_enc))).toEqual({
      Authorization: `Bearer ${HEADER_SECRET}`,
    });
  });

  it("encrypts the same bearer token differently for two webhooks", async () => {
    const wallet = await newWallet();
    const a = await storedRow((await newWebhook(wallet.apiKey, SENSITIVE)).id);
    const b = await storedRow((await newWebhook(wallet.apiKey, SENSITIVE)).id);
    expect(a.bearer_token_enc).not.toBe(b.bearer_token_enc);
    expect(a.api_key_enc).not.toBe(b.api_key_enc);
    expect(a.custom_headers_enc).not.toBe(b.custom_headers_enc);
    expect(a.secret_enc).not.toBe(b.secret_enc);
  });
});

describe("webhook secrets in responses", () => {
  it("never shows a plaintext secret in a list, a read or an update", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, SENSITIVE);
    const acapy = await newWebhook(wallet.apiKey, {
      url: `https://agent.example.com/hooks#${FRAGMENT_KEY}`,
      format: "acapy",
    });
    const secrets = [created.secret, acapy.secret, BEARER, API_KEY, HEADER_SECRET, FRAGMENT_KEY];
    expectNoPlaintext(JSON.stringify({ ...created, secret: null }), secrets);
    expectNoPlaintext(JSON.stringify({ ...acapy, secret: null }), secrets);

    const reads = [
      await callJson("/v1/webhooks", { key: wallet.apiKey }),
      await callJson("/v1/webhooks?limit=100", { key: ADMIN_KEY }),
      await callJson(`/v1/webhooks/${created.id}`, { key: wallet.apiKey }),
      await callJson(`/v1/webhooks/${acapy.id}`, { key: wallet.apiKey }),
      await callJson(`/v1/webhooks/${created.id}`, {
        method: "PATCH",
        key: wallet.apiKey,
        body: { bearerToken: `${BEARER}-2`, description: "rotated token" },
      }),
      await callJson("/events/webhooks", { key: wallet.apiKey }),
      await callJson(`/events/webhooks/${created.id}`, { key: wallet.apiKey }),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expectNoPlaintext(JSON.stringify(read.body), secrets);
    }
    // What the reads show instead: the fields exist, redacted.
    expect(reads[2]!.body).toMatchObject({
      bearerToken: "[redacted]",
      apiKey: "[redacted]",
      customHeaders: { Authorization: "[redacted]" },
    });
  });

  it("never echoes a secret in an error", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, SENSITIVE);
    const failures = [
      // Valid secrets alongside an invalid field.
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: { ...SENSITIVE, url: "https://receiver.example.com/x", timeoutMs: 1 },
      }),
      await call(`/v1/webhooks/${created.id}`, {
        method: "PATCH",
        key: wallet.apiKey,
        body: { bearerToken: BEARER, ordering: "sideways" },
      }),
      // Secrets in the invalid fields themselves.
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: {
          url: "https://receiver.example.com/x",
          customHeaders: { Authorization: `${HEADER_SECRET}\r\n` },
        },
      }),
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: { url: `https://user:${API_KEY}@receiver.example.com/x` },
      }),
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: { url: `https://receiver.example.com/x#${FRAGMENT_KEY}`, format: "standard" },
      }),
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: { url: "https://receiver.example.com/x", bearerToken: BEARER.repeat(200) },
      }),
      // The key itself, sent where keys are refused.
      await call(`/v1/webhooks?apiKey=${wallet.apiKey}`, { key: null }),
    ];
    for (const failure of failures) {
      expect(failure.status).toBe(400);
      expectNoPlaintext(await failure.text(), [
        created.secret,
        BEARER,
        API_KEY,
        HEADER_SECRET,
        FRAGMENT_KEY,
        wallet.apiKey,
      ]);
    }
  });
});

describe("secrets in logs", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes no secret to any log line while webhooks are created, changed and fail", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(
          args
            .map((a) =>
              typeof a === "string" ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})),
            )
            .join(" "),
        );
      });
    }
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, SENSITIVE);
    const acapy = await newWebhook(wallet.apiKey, {
      url: `https://agent.example.com/hooks#${FRAGMENT_KEY}`,
      format: "acapy",
    });
    await call(`/v1/webhooks/${created.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { bearerToken: `${BEARER}-2`, customHeaders: { Cookie: `session=${HEADER_SECRET}` } },
    });
    await call(`/v1/webhooks/${created.id}/secret/rotate`, { method: "POST", key: wallet.apiKey });
    await call("/v1/webhooks", {
      key: wallet.apiKey,
      body: { ...SENSITIVE, url: "https://receiver.example.com/x", maxInFlight: 99 },
    });
    await call("/v1/webhooks", {
      key: wallet.apiKey,
      raw: `{"bearerToken": "${BEARER}"`,
      headers: { "content-type": "application/json" },
    });
    await call("/v1/webhooks", { key: `${API_KEY}-as-a-bad-key` });
    // A failure inside Herald: the webhook was sealed under another key, so reading it throws and is logged.
    const sealedElsewhere = await callJson("/v1/webhooks", {
      key: wallet.apiKey,
      body: { ...SENSITIVE, url: "https://receiver.example.com/other-key" },
      env: { ENCRYPTION_KEY: btoa("another-32-byte-encryption-key!!") },
    });
    expect(
      (await call(`/v1/webhooks/${sealedElsewhere.body.id}/secret`, { key: wallet.apiKey })).status,
    ).toBe(500);
    // An environment webhook Herald refuses, with its key: warned about, not printed.
    const config = loadConfig({
      ...env,
      ALLOW_PRIVATE_DESTINATIONS: "false",
      GLOBAL_WEBHOOK_URL: `https://127.0.0.1/${FRAGMENT_KEY}`,
      GLOBAL_WEBHOOK_API_KEY: API_KEY,
    });
    await bootstrap(database(env), config);

    // The run did log (a failure and a warning), so the check below looked at real lines.
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const secrets = [
      created.secret,
      acapy.secret,
      sealedElsewhere.body.secret,
      BEARER,
      API_KEY,
      HEADER_SECRET,
      FRAGMENT_KEY,
      wallet.apiKey,
      ADMIN_KEY,
      env.ENCRYPTION_KEY,
    ];
    for (const line of lines) expectNoPlaintext(line, secrets);
  });
});
