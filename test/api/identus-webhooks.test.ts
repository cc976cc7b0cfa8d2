import { describe, expect, it } from "vitest";
import { call, callJson, countWebhooks, expectProblem, newWallet } from "../helpers/api";

/** Calls the Identus surface the way the seed's curl does: `apiKey: <key>`, JSON in and out. */
function identus(path: string, apiKey: string, options: { method?: string; body?: unknown } = {}) {
  return callJson(path, { ...options, key: null, headers: { apiKey, accept: "application/json" } });
}

const IDENTUS_FIELDS = ["createdAt", "customHeaders", "id", "url"];

describe("the Identus webhook API at /events/webhooks", () => {
  it("creates a webhook from Identus' body and answers with exactly Identus' fields", async () => {
    const wallet = await newWallet();
    const { status, body } = await identus("/events/webhooks", wallet.apiKey, {
      body: { url: "http://localhost:9095/hooks" },
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(IDENTUS_FIELDS);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: "http://localhost:9095/hooks",
      customHeaders: {},
      createdAt: expect.any(String),
    });
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
  });

  it("keeps the custom headers it is given and shows sensitive ones redacted", async () => {
    const wallet = await newWallet();
    const customHeaders = { "X-Tenant": "acme", Authorization: "Bearer identus-receiver-token" };
    const { status, body } = await identus("/events/webhooks", wallet.apiKey, {
      body: { url: "https://receiver.example.com/identus", customHeaders },
    });
    expect(status).toBe(200);
    expect(body.customHeaders).toEqual({ "X-Tenant": "acme", Authorization: "[redacted]" });
    expect(JSON.stringify(body)).not.toContain("identus-receiver-token");
  });

  it("makes webhooks that deliver in the identus format", async () => {
    const wallet = await newWallet();
    const created = await identus("/events/webhooks", wallet.apiKey, {
      body: { url: "https://receiver.example.com/identus" },
    });
    const { status, body } = await callJson(`/v1/webhooks/${created.body.id}`, {
      key: wallet.apiKey,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: created.body.id,
      walletId: wallet.id,
      format: "identus",
      url: "https://receiver.example.com/identus",
      createdAt: created.body.createdAt,
    });
  });

  it("lists the wallet's webhooks as an Identus page", async () => {
    const wallet = await newWallet();
    const other = await newWallet("other");
    const first = await identus("/events/webhooks", wallet.apiKey, {
      body: { url: "https://receiver.example.com/one" },
    });
    const second = await identus("/events/webhooks", wallet.apiKey, {
      body: { url: "https://receiver.example.com/two", customHeaders: { "X-A": "1" } },
    });
    await identus("/events/webhooks", other.apiKey, {
      body: { url: "https://receiver.example.com/other" },
    });

    const { status, body } = await identus("/events/webhooks", wallet.apiKey);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["contents", "kind", "pageOf", "self"]);
    expect(body).toMatchObject({
      self: "/events/webhooks",
      kind: "WebhookNotificationPage",
      pageOf: "/events/webhooks",
    });
    expect(body.contents).toEqual([first.body, second.body]);
    for (const item of body.contents) expect(Object.keys(item).sort()).toEqual(IDENTUS_FIELDS);
  });

  it("reads one webhook in the Identus shape, and 404s another wallet's", async () => {
    const wallet = await newWallet();
    const other = await newWallet("other");
    const created = await identus("/events/webhooks", wallet.apiKey, {
      body: { url: "https://receiver.example.com/one" },
    });
    const read = await identus(`/events/webhooks/${created.body.id}`, wallet.apiKey);
    expect(read).toMatchObject({ status: 200, body: created.body });
    expect(Object.keys(read.body).sort()).toEqual(IDENTUS_FIELDS);
    await expectProblem(
      await call(`/events/webhooks/${created.body.id}`, {
        key: null,
        headers: { apiKey: other.apiKey },
      }),
      404,
    );
  });

  it("deletes a webhook, after which it is gone from both APIs", async () => {
    const wallet = await newWallet();
    const created = await identus("/events/webhooks", wallet.apiKey, {
      body: { url: "https://receiver.example.com/one" },
    });
    const deleted = await call(`/events/webhooks/${created.body.id}`, {
      method: "DELETE",
      key: null,
      headers: { apiKey: wallet.apiKey },
    });
    expect(deleted.status).toBe(200);
    await expectProblem(
      await call(`/events/webhooks/${created.body.id}`, {
        key: null,
        headers: { apiKey: wallet.apiKey },
      }),
      404,
    );
    await expectProblem(await call(`/v1/webhooks/${created.body.id}`, { key: wallet.apiKey }), 404);
    expect((await identus("/events/webhooks", wallet.apiKey)).body.contents).toEqual([]);
  });

  it("refuses a body without a valid url, naming the field, and creates nothing", async () => {
    const wallet = await newWallet();
    for (const body of [{}, { url: "not a url" }, { url: "ftp://receiver.example.com" }]) {
      const before = await countWebhooks();
      const response = await call("/events/webhooks", {
        key: null,
        headers: { apiKey: wallet.apiKey },
        body,
      });
      const problem = await expectProblem(response, 400);
      expect(problem.errors).toEqual([expect.objectContaining({ path: "url" })]);
      expect(await countWebhooks()).toBe(before);
    }
  });

  it("refuses forbidden custom headers as the v1 API does", async () => {
    const wallet = await newWallet();
    const before = await countWebhooks();
    const response = await call("/events/webhooks", {
      key: null,
      headers: { apiKey: wallet.apiKey },
      body: {
        url: "https://receiver.example.com/x",
        customHeaders: { "Content-Type": "text/plain" },
      },
    });
    const problem = await expectProblem(response, 400);
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: "customHeaders.Content-Type" }),
    ]);
    expect(await countWebhooks()).toBe(before);
  });

  it("needs a key like every other route", async () => {
    await expectProblem(
      await call("/events/webhooks", {
        key: null,
        body: { url: "https://receiver.example.com/x" },
      }),
      401,
    );
  });
});
