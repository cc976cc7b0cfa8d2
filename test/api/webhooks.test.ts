import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { open } from "../../src/domain/crypto/secret-box";
import {
  ADMIN_KEY,
  call,
  callJson,
  countWebhooks,
  expectProblem,
  newWallet,
  newWebhook,
} from "../helpers/api";

const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
const HOUR = 60 * 60 * 1000;

function secretBytes(secret: string): number {
  return atob(secret.slice("whsec_".length)).length;
}

async function storedRow(id: string) {
  return env.DB.prepare("SELECT * FROM webhooks WHERE id = ?")
    .bind(id)
    .first<Record<string, any>>();
}

describe("creating and reading webhooks", () => {
  it("creates a webhook with the documented defaults and returns its signing secret", async () => {
    const wallet = await newWallet();
    const { status, body } = await callJson("/v1/webhooks", {
      key: wallet.apiKey,
      body: { url: "https://receiver.example.com/hook" },
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      walletId: wallet.id,
      url: "https://receiver.example.com/hook",
      description: "",
      enabled: true,
      eventTypes: [],
      channels: [],
      format: "standard",
      bearerToken: null,
      apiKey: null,
      customHeaders: {},
      retry: { preset: "standard" },
      ordering: "fifo",
      maxInFlight: 6,
      rateLimitPerSecond: null,
      timeoutMs: 15000,
      disabledReason: null,
      signature: "hmac",
      payload: "full",
      redact: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      secret: expect.stringMatching(SECRET),
    });
    expect(secretBytes(body.secret)).toBeGreaterThanOrEqual(24);
    expect(secretBytes(body.secret)).toBeLessThanOrEqual(64);
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
  });

  it("stores every field it is given and reads them back", async () => {
    const wallet = await newWallet();
    const fields = {
      url: "https://receiver.example.com/all-fields",
      description: "all fields",
      enabled: false,
      eventTypes: ["openid.credential.*", "ConnectionUpdated"],
      channels: ["issuer-1"],
      format: "waltid",
      customHeaders: { "X-Trace": "abc" },
      retry: { schedule: [1, 60, 3600] },
      ordering: "unordered",
      maxInFlight: 3,
      rateLimitPerSecond: 10,
      timeoutMs: 5000,
      signature: "both",
      payload: "full",
      redact: ["/data/credential/claims"],
    };
    const created = await newWebhook(wallet.apiKey, fields);
    const { status, body } = await callJson(`/v1/webhooks/${created.id}`, { key: wallet.apiKey });
    expect(status).toBe(200);
    expect(body).toMatchObject(fields);
  });

  it("answers 404 for an id that does not exist", async () => {
    const wallet = await newWallet();
    await expectProblem(
      await call("/v1/webhooks/0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d", { key: wallet.apiKey }),
      404,
    );
    await expectProblem(await call("/v1/webhooks/not-an-id", { key: wallet.apiKey }), 404);
  });
});

describe("response shapes", () => {
  it("shows the secret on create and at /secret, never in a read or a list", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey);
    expect(created.secret).toMatch(SECRET);

    const read = await callJson(`/v1/webhooks/${created.id}`, { key: wallet.apiKey });
    expect(read.body).not.toHaveProperty("secret");
    expect(JSON.stringify(read.body)).not.toContain(created.secret);

    const list = await callJson("/v1/webhooks", { key: wallet.apiKey });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).not.toHaveProperty("secret");
    expect(JSON.stringify(list.body)).not.toContain(created.secret);

    const patched = await callJson(`/v1/webhooks/${created.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { description: "x" },
    });
    expect(patched.body).not.toHaveProperty("secret");

    const secret = await callJson(`/v1/webhooks/${created.id}/secret`, { key: wallet.apiKey });
    expect(secret).toMatchObject({ status: 200, body: { secret: created.secret } });
    expect(Object.keys(secret.body)).toEqual(["secret"]);
  });

  it("redacts bearerToken, apiKey and sensitive custom headers on every read", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, {
      bearerToken: "bearer-plaintext-1",
      apiKey: "apikey-plaintext-1",
      customHeaders: {
        Authorization: "Basic aGVyYWxkOnNlY3JldA==",
        "X-Session-Token": "session-plaintext-1",
        "X-Trace": "visible",
      },
    });
    const read = await callJson(`/v1/webhooks/${created.id}`, { key: wallet.apiKey });
    const list = await callJson("/v1/webhooks", { key: wallet.apiKey });
    for (const view of [created, read.body, list.body.data[0]]) {
      expect(view).toMatchObject({
        bearerToken: "[redacted]",
        apiKey: "[redacted]",
        customHeaders: {
          Authorization: "[redacted]",
          "X-Session-Token": "[redacted]",
          "X-Trace": "visible",
        },
      });
    }
  });
});

describe("listing webhooks", () => {
  it("walks more webhooks than the limit page by page, each exactly once", async () => {
    const wallet = await newWallet();
    const created: string[] = [];
    for (let i = 0; i < 7; i++)
      created.push((await newWebhook(wallet.apiKey, { description: `page ${i}` })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : "?limit=3";
      const { status, body } = await callJson(`/v1/webhooks${query}`, { key: wallet.apiKey });
      expect(status).toBe(200);
      expect(body.data.length).toBeLessThanOrEqual(3);
      seen.push(...body.data.map((w: any) => w.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);

    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(created);
  });

  it("refuses a cursor it did not issue with 400", async () => {
    const wallet = await newWallet();
    for (const cursor of ["!!!", "abc", btoa("not-a-webhook-id")]) {
      const body = await expectProblem(
        await call(`/v1/webhooks?cursor=${encodeURIComponent(cursor)}`, { key: wallet.apiKey }),
        400,
      );
      expect(body.detail).toMatch(/cursor/);
    }
  });

  it("refuses a limit outside 1..100", async () => {
    const wallet = await newWallet();
    for (const limit of ["0", "101", "ten"]) {
      const body = await expectProblem(
        await call(`/v1/webhooks?limit=${limit}`, { key: wallet.apiKey }),
        400,
      );
      expect(body.errors).toEqual([expect.objectContaining({ path: "limit" })]);
    }
  });
});

describe("updating and deleting webhooks", () => {
  it("changes only the fields a PATCH names", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, {
      description: "before",
      eventTypes: ["openid.credential.offer_sent"],
      bearerToken: "keep-me",
    });
    const { status, body } = await callJson(`/v1/webhooks/${created.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { description: "after", timeoutMs: 20000 },
    });
    expect(status).toBe(200);
    const { secret: _secret, updatedAt: _before, ...unchanged } = created;
    expect(body).toEqual({
      ...unchanged,
      description: "after",
      timeoutMs: 20000,
      updatedAt: expect.any(String),
    });
    expect(Date.parse(body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect((await callJson(`/v1/webhooks/${created.id}`, { key: wallet.apiKey })).body).toEqual(
      body,
    );
  });

  it("clears a bearer token set to null", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, { bearerToken: "to-be-cleared" });
    const { body } = await callJson(`/v1/webhooks/${created.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { bearerToken: null },
    });
    expect(body.bearerToken).toBeNull();
    expect((await storedRow(created.id))!.bearer_token_enc).toBeNull();
  });

  it("clears the disabled reason when a webhook is enabled again", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey);
    // What delivery does when a receiver answers 410 Gone.
    await env.DB.prepare(
      "UPDATE webhooks SET enabled = 0, disabled_reason = 'receiver answered 410' WHERE id = ?",
    )
      .bind(created.id)
      .run();
    expect(
      (await callJson(`/v1/webhooks/${created.id}`, { key: wallet.apiKey })).body,
    ).toMatchObject({ enabled: false, disabledReason: "receiver answered 410" });
    const { body } = await callJson(`/v1/webhooks/${created.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { enabled: true },
    });
    expect(body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it("leaves a webhook untouched when its PATCH is refused", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, { description: "original" });
    const before = await storedRow(created.id);
    const problem = await expectProblem(
      await call(`/v1/webhooks/${created.id}`, {
        method: "PATCH",
        key: wallet.apiKey,
        body: { description: "new", timeoutMs: 5 },
      }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ path: "timeoutMs" })]);
    expect(await storedRow(created.id)).toEqual(before);
  });

  it("deletes a webhook: 204, then 404, and gone from D1 and from the list", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey);
    const deleted = await call(`/v1/webhooks/${created.id}`, {
      method: "DELETE",
      key: wallet.apiKey,
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    await expectProblem(await call(`/v1/webhooks/${created.id}`, { key: wallet.apiKey }), 404);
    await expectProblem(
      await call(`/v1/webhooks/${created.id}`, { method: "DELETE", key: wallet.apiKey }),
      404,
    );
    expect(await storedRow(created.id)).toBeNull();
    expect((await callJson("/v1/webhooks", { key: wallet.apiKey })).body.data).toEqual([]);
  });
});

describe("signing secret rotation", () => {
  it("issues a different secret and keeps the old one signing for about 24 hours", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey);
    const before = Date.now();
    const rotated = await callJson(`/v1/webhooks/${created.id}/secret/rotate`, {
      method: "POST",
      key: wallet.apiKey,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(SECRET);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(
      (await callJson(`/v1/webhooks/${created.id}/secret`, { key: wallet.apiKey })).body.secret,
    ).toBe(rotated.body.secret);

    const oldSecrets = JSON.parse((await storedRow(created.id))!.old_secrets) as Array<{
      secretEnc: string;
      expiresAt: string;
    }>;
    expect(oldSecrets).toHaveLength(1);
    expect(await open({ keys: [env.ENCRYPTION_KEY] }, oldSecrets[0]!.secretEnc)).toBe(
      created.secret,
    );
    const expires = Date.parse(oldSecrets[0]!.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 24 * HOUR - 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 24 * HOUR + 60_000);
  });

  it("rotates to a secret the caller brings", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey);
    const chosen = `whsec_${btoa("0123456789abcdef0123456789abcdef")}`;
    const rotated = await callJson(`/v1/webhooks/${created.id}/secret/rotate`, {
      key: wallet.apiKey,
      body: { secret: chosen },
    });
    expect(rotated).toMatchObject({ status: 200, body: { secret: chosen } });
    expect(
      (await callJson(`/v1/webhooks/${created.id}/secret`, { key: wallet.apiKey })).body.secret,
    ).toBe(chosen);
  });

  it.each([
    ["not whsec_ at all", "hunter2"],
    ["not base64", "whsec_not base64 at all, clearly not base64!!"],
    ["23 bytes", `whsec_${btoa("k".repeat(23))}`],
    ["65 bytes", `whsec_${btoa("k".repeat(65))}`],
  ])("refuses a chosen secret that is %s, keeping the current one", async (_what, secret) => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey);
    const problem = await expectProblem(
      await call(`/v1/webhooks/${created.id}/secret/rotate`, {
        key: wallet.apiKey,
        body: { secret },
      }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ path: "secret" })]);
    expect(
      (await callJson(`/v1/webhooks/${created.id}/secret`, { key: wallet.apiKey })).body.secret,
    ).toBe(created.secret);
  });

  it.each([24, 64])("accepts a chosen secret of %i bytes", async (bytes) => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey);
    const secret = `whsec_${btoa("k".repeat(bytes))}`;
    expect(
      (
        await callJson(`/v1/webhooks/${created.id}/secret/rotate`, {
          key: wallet.apiKey,
          body: { secret },
        })
      ).status,
    ).toBe(200);
  });

  it("keeps at most the 10 most recent old secrets after 12 rotations", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey);
    const retired: string[] = [created.secret];
    for (let i = 0; i < 12; i++) {
      const { body } = await callJson(`/v1/webhooks/${created.id}/secret/rotate`, {
        method: "POST",
        key: wallet.apiKey,
      });
      retired.push(body.secret);
    }
    const current = retired.pop();
    expect(
      (await callJson(`/v1/webhooks/${created.id}/secret`, { key: wallet.apiKey })).body.secret,
    ).toBe(current);

    const oldSecrets = JSON.parse((await storedRow(created.id))!.old_secrets) as Array<{
      secretEnc: string;
    }>;
    expect(oldSecrets).toHaveLength(10);
    const kept = await Promise.all(
      oldSecrets.map((s) => open({ keys: [env.ENCRYPTION_KEY] }, s.secretEnc)),
    );
    expect(kept).toEqual(retired.slice(-10).reverse());
  });
});

describe("ACA-Py's url#key form", () => {
  it("moves the fragment into the encrypted apiKey for the acapy format", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, {
      url: "https://agent.example.com/webhooks#acapy-fragment-key",
      format: "acapy",
    });
    expect(created).toMatchObject({
      url: "https://agent.example.com/webhooks",
      apiKey: "[redacted]",
      format: "acapy",
    });
    const row = await storedRow(created.id);
    expect(row!.url).toBe("https://agent.example.com/webhooks");
    expect(row!.url).not.toContain("#");
    expect(JSON.stringify(row)).not.toContain("acapy-fragment-key");
    expect(await open({ keys: [env.ENCRYPTION_KEY] }, row!.api_key_enc)).toBe("acapy-fragment-key");
    expect(
      (await callJson(`/v1/webhooks/${created.id}`, { key: wallet.apiKey })).body,
    ).toMatchObject({
      url: "https://agent.example.com/webhooks",
      apiKey: "[redacted]",
    });
  });

  it("moves a fragment given in a PATCH of an acapy webhook too", async () => {
    const wallet = await newWallet();
    const created = await newWebhook(wallet.apiKey, {
      url: "https://agent.example.com/a",
      format: "acapy",
    });
    const { body } = await callJson(`/v1/webhooks/${created.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { url: "https://agent.example.com/b#patched-key" },
    });
    expect(body).toMatchObject({ url: "https://agent.example.com/b", apiKey: "[redacted]" });
    expect(
      await open({ keys: [env.ENCRYPTION_KEY] }, (await storedRow(created.id))!.api_key_enc),
    ).toBe("patched-key");
  });

  it.each(["standard", "identus", "waltid", "proven", "igrant"])(
    "refuses a URL fragment for the %s format",
    async (format) => {
      const wallet = await newWallet();
      const before = await countWebhooks();
      const problem = await expectProblem(
        await call("/v1/webhooks", {
          key: wallet.apiKey,
          body: { url: "https://agent.example.com/webhooks#key", format },
        }),
        400,
      );
      expect(problem.errors).toEqual([expect.objectContaining({ path: "url" })]);
      expect(await countWebhooks()).toBe(before);
    },
  );
});

interface InvalidCase {
  name: string;
  body: Record<string, unknown>;
  /** The field errors[] names; null for a refusal that is not about one field. */
  path: string | null;
  status?: number;
  env?: Partial<Env>;
  /** Who sends it: a wallet key (default) or the admin key. */
  as?: "wallet" | "admin";
  /** Sets walletId to another wallet's id. */
  otherWallet?: true;
}

const url = "https://receiver.example.com/hook";
const INVALID: InvalidCase[] = [
  {
    name: "url with a scheme other than http(s)",
    body: { url: "ftp://receiver.example.com/hook" },
    path: "url",
  },
  {
    name: "url with credentials",
    body: { url: "https://user:pass@receiver.example.com/hook" },
    path: "url",
  },
  {
    name: "url to a private destination",
    body: { url: "https://10.0.0.7/hook" },
    path: "url",
    env: { ALLOW_PRIVATE_DESTINATIONS: "false" },
  },
  {
    name: "url to cloud metadata (link-local)",
    body: { url: "https://169.254.169.254/latest" },
    path: "url",
    env: { ALLOW_PRIVATE_DESTINATIONS: "false" },
  },
  {
    name: "url over plain http",
    body: { url: "http://receiver.example.com/hook" },
    path: "url",
    env: { ALLOW_INSECURE_URLS: "false" },
  },
  { name: "url missing", body: { description: "no url" }, path: "url" },
  {
    name: "description longer than 500",
    body: { url, description: "x".repeat(501) },
    path: "description",
  },
  { name: "enabled not a boolean", body: { url, enabled: "yes" }, path: "enabled" },
  {
    name: "eventTypes with a bad pattern",
    body: { url, eventTypes: ["credential offered!"] },
    path: "eventTypes.0",
  },
  {
    name: "eventTypes with a duplicate",
    body: { url, eventTypes: ["a.b", "a.b"] },
    path: "eventTypes",
  },
  {
    name: "eventTypes with more than 100",
    body: { url, eventTypes: Array.from({ length: 101 }, (_, i) => `type.${i}`) },
    path: "eventTypes",
  },
  { name: "channels with a bad name", body: { url, channels: ["has space"] }, path: "channels.0" },
  { name: "format unknown", body: { url, format: "soap" }, path: "format" },
  { name: "bearerToken empty", body: { url, bearerToken: "" }, path: "bearerToken" },
  { name: "retry preset unknown", body: { url, retry: { preset: "forever" } }, path: "retry" },
  {
    name: "retry schedule over 20 delays",
    body: { url, retry: { schedule: Array(21).fill(5) } },
    path: "retry",
  },
  {
    name: "retry delay over 86400",
    body: { url, retry: { schedule: [5, 86401] } },
    path: "retry.schedule.1",
  },
  { name: "retry delay 0", body: { url, retry: { schedule: [0] } }, path: "retry.schedule.0" },
  {
    name: "retry with both preset and schedule",
    body: { url, retry: { preset: "standard", schedule: [5] } },
    path: "retry",
  },
  { name: "ordering unknown", body: { url, ordering: "random" }, path: "ordering" },
  { name: "maxInFlight 0", body: { url, maxInFlight: 0 }, path: "maxInFlight" },
  { name: "maxInFlight 7", body: { url, maxInFlight: 7 }, path: "maxInFlight" },
  {
    name: "rateLimitPerSecond 0",
    body: { url, rateLimitPerSecond: 0 },
    path: "rateLimitPerSecond",
  },
  { name: "timeoutMs 999", body: { url, timeoutMs: 999 }, path: "timeoutMs" },
  { name: "timeoutMs 30001", body: { url, timeoutMs: 30001 }, path: "timeoutMs" },
  {
    name: "customHeaders with a forbidden name",
    body: { url, customHeaders: { Host: "evil.example.com" } },
    path: "customHeaders.Host",
  },
  {
    name: "customHeaders with CRLF in a value",
    body: { url, customHeaders: { "X-Trace": "a\r\nX-Injected: 1" } },
    path: "customHeaders.X-Trace",
  },
  { name: "an unknown field", body: { url, colour: "red" }, path: "colour" },
  {
    name: "walletId set with a wallet key",
    body: { url },
    path: null,
    status: 403,
    otherWallet: true,
  },
  {
    name: "walletId of a wallet that does not exist",
    body: { url, walletId: "3f0e6c1a-8d4b-4c2e-9a7f-5b6d8e9f0a1b" },
    path: "walletId",
    as: "admin",
  },
];

describe("webhook validation", () => {
  it.each(INVALID)("refuses $name and creates nothing", async (testCase) => {
    const wallet = await newWallet();
    const body = testCase.otherWallet
      ? { ...testCase.body, walletId: (await newWallet("other")).id }
      : testCase.body;
    const before = await countWebhooks();
    const response = await call("/v1/webhooks", {
      key: testCase.as === "admin" ? ADMIN_KEY : wallet.apiKey,
      body,
      env: testCase.env,
    });
    const problem = await expectProblem(response, testCase.status ?? 400);
    if (testCase.path === null) {
      expect(problem.errors).toBeUndefined();
    } else {
      expect(problem.errors).toEqual([{ path: testCase.path, message: expect.any(String) }]);
    }
    expect(await countWebhooks()).toBe(before);
  });

  it("accepts the same bodies once the offending field is fixed", async () => {
    // Guards the table above: each case fails for its field, not for something else in the body.
    const wallet = await newWallet();
    const response = await call("/v1/webhooks", {
      key: wallet.apiKey,
      body: { url, description: "x".repeat(500), maxInFlight: 6, timeoutMs: 1000 },
    });
    expect(response.status).toBe(201);
  });
});
