import { describe, expect, it } from "vitest";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";
import { walletDb } from "../helpers/shards";

const eventsOf = async (walletId: string) =>
  (
    await walletDb(walletId)
      .prepare("SELECT id, type FROM events WHERE wallet_id = ? ORDER BY seq")
      .bind(walletId)
      .all<{ id: string; type: string }>()
  ).results;

/** Waits for the consumer to store `count` events of a wallet (bounded). */
async function storedEvents(walletId: string, count: number) {
  for (let i = 0; i < 200; i++) {
    const rows = await eventsOf(walletId);
    if (rows.length >= count) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  return eventsOf(walletId);
}

describe("ingest", () => {
  it("accepts an event with 202 and its generated id", async () => {
    const wallet = await newWallet();
    const { status, body } = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "ConnectionUpdated", data: { state: "InvitationGenerated" } },
    });
    expect(status).toBe(202);
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storedEvents(wallet.id, 1)).toEqual([{ id: body.id, type: "ConnectionUpdated" }]);
  });

  it("answers a repeat of the same id and body with 200 and delivers it once", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url });
    const event = {
      id: "offer-42.resolved",
      type: "resolved_credential_offer",
      data: { credentialOffer: { a: 1, b: [1, 2] } },
    };
    expect((await call("/v1/events", { key: wallet.apiKey, body: event })).status).toBe(202);
    await storedEvents(wallet.id, 1);
    // Key order does not make a body different.
    const again = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { data: { credentialOffer: { b: [1, 2], a: 1 } }, type: event.type, id: event.id },
    });
    expect(again).toMatchObject({ status: 200, body: { id: event.id } });
    await receiver.waitFor(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await receiver.requests()).toHaveLength(1);
  });

  it("refuses the same id with another body with 409 and keeps the first", async () => {
    const wallet = await newWallet();
    expect(
      (
        await call("/v1/events", {
          key: wallet.apiKey,
          body: { id: "e-1", type: "t.a", data: { v: 1 } },
        })
      ).status,
    ).toBe(202);
    await storedEvents(wallet.id, 1);
    const conflict = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { id: "e-1", type: "t.a", data: { v: 2 } },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("content-type")).toBe("application/problem+json");
    const row = await walletDb(wallet.id)
      .prepare("SELECT data FROM events WHERE wallet_id = ? AND id = 'e-1'")
      .bind(wallet.id)
      .first<{ data: string }>();
    expect(JSON.parse(row!.data)).toEqual({ v: 1 });
  });

  it("keeps ids per wallet: two wallets may use the same id", async () => {
    const a = await newWallet();
    const b = await newWallet();
    expect(
      (await call("/v1/events", { key: a.apiKey, body: { id: "same", type: "t.a", data: {} } }))
        .status,
    ).toBe(202);
    await storedEvents(a.id, 1);
    expect(
      (
        await call("/v1/events", {
          key: b.apiKey,
          body: { id: "same", type: "t.a", data: { other: true } },
        })
      ).status,
    ).toBe(202);
  });

  it("accepts a batch of 100 events in one request", async () => {
    const wallet = await newWallet();
    const events = Array.from({ length: 100 }, (_, i) => ({ type: "t.batch", data: { i } }));
    const { status, body } = await callJson("/v1/events/batch", {
      key: wallet.apiKey,
      body: { events },
    });
    expect(status).toBe(202);
    expect(body.data).toHaveLength(100);
    expect(body.data.every((r: { status: string }) => r.status === "accepted")).toBe(true);
    expect(await storedEvents(wallet.id, 100)).toHaveLength(100);
  });

  it("marks repeats inside a batch as duplicates and refuses conflicting ones whole", async () => {
    const wallet = await newWallet();
    const dup = await callJson("/v1/events/batch", {
      key: wallet.apiKey,
      body: {
        events: [
          { id: "x", type: "t.a", data: {} },
          { id: "x", type: "t.a", data: {} },
        ],
      },
    });
    expect(dup.body.data.map((r: { status: string }) => r.status)).toEqual([
      "accepted",
      "duplicate",
    ]);
    const other = await newWallet();
    const conflict = await call("/v1/events/batch", {
      key: other.apiKey,
      body: {
        events: [
          { id: "y", type: "t.a", data: {} },
          { id: "y", type: "t.a", data: { changed: 1 } },
        ],
      },
    });
    expect(conflict.status).toBe(409);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await eventsOf(other.id)).toEqual([]);
  });

  it.each([
    [
      "a batch of 101 events",
      { events: Array.from({ length: 101 }, () => ({ type: "t.a", data: {} })) },
      400,
    ],
    ["an empty batch", { events: [] }, 400],
    [
      "a batch over the queue's 256 KB",
      {
        events: Array.from({ length: 4 }, () => ({
          type: "t.a",
          data: { pad: "x".repeat(90_000) },
        })),
      },
      413,
    ],
  ])("refuses %s and stores nothing", async (_name, body, status) => {
    const wallet = await newWallet();
    expect((await call("/v1/events/batch", { key: wallet.apiKey, body })).status).toBe(status);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await eventsOf(wallet.id)).toEqual([]);
  });

  it.each([
    ["no type", { data: {} }, "type"],
    ["a type with spaces", { type: "bad type", data: {} }, "type"],
    ["data that is not an object", { type: "t.a", data: [1, 2] }, "data"],
    ["an id with a slash", { id: "a/b", type: "t.a", data: {} }, "id"],
    ["an id of 129 characters", { id: "a".repeat(129), type: "t.a", data: {} }, "id"],
    ["expiresAt that is not a date", { type: "t.a", data: {}, expiresAt: "tomorrow" }, "expiresAt"],
    ["a bad channel", { type: "t.a", data: {}, channels: ["has space"] }, "channels.0"],
    ["an unknown field", { type: "t.a", data: {}, extra: 1 }, "extra"],
    [
      "a notify target with an unknown format",
      { type: "t.a", data: {}, notify: { url: "https://x.example.com", format: "soap" } },
      "notify.format",
    ],
  ])("refuses an event with %s, naming the field", async (_name, body, path) => {
    const wallet = await newWallet();
    const res = await callJson("/v1/events", { key: wallet.apiKey, body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses the event id "stream" (GET /v1/events/stream would shadow it) on POST /v1/events and agent ingest', async () => {
    const wallet = await newWallet();
    const res = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { id: "stream", type: "t.a", data: {} },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        path: "id",
        message: expect.stringMatching(/"stream" is reserved/),
      }),
    ]);
    // Agent ids become event ids, so the agents' routes refuse it too.
    const identus = await callJson("/v1/ingest/identus", {
      key: wallet.apiKey,
      body: { id: "stream", ts: "2024-01-01T00:00:00Z", type: "ConnectionUpdated", data: {} },
    });
    expect(identus.status).toBe(400);
    expect(identus.body.errors).toEqual([
      expect.objectContaining({
        path: "id",
        message: expect.stringMatching(/"stream" is reserved/),
      }),
    ]);
    // The rule is about this exact id only: one that merely contains it is an ordinary id.
    expect(
      (
        await callJson("/v1/events", {
          key: wallet.apiKey,
          body: { id: "stream-1", type: "t.a", data: {} },
        })
      ).status,
    ).toBe(202);
  });

  it("refuses a notify target in a private range when private destinations are off", async () => {
    const wallet = await newWallet();
    const res = await callJson("/v1/events", {
      key: wallet.apiKey,
      env: { ALLOW_PRIVATE_DESTINATIONS: "false" },
      body: { type: "t.a", data: {}, notify: { url: "https://169.254.169.254/latest/meta-data" } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("0.notify.url");
  });

  it("refuses an event over 100 KiB with 413", async () => {
    const wallet = await newWallet();
    const res = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "t.a", data: { pad: "x".repeat(103_000) } },
    });
    expect(res.status).toBe(413);
  });

  it("refuses walletId from a wallet key and accepts it from the admin key", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    expect(
      (
        await call("/v1/events", {
          key: wallet.apiKey,
          body: { type: "t.a", data: {}, walletId: other.id },
        })
      ).status,
    ).toBe(403);
    const byAdmin = await callJson("/v1/events", {
      body: { type: "t.a", data: {}, walletId: other.id },
    });
    expect(byAdmin.status).toBe(202);
    expect(await storedEvents(other.id, 1)).toEqual([{ id: byAdmin.body.id, type: "t.a" }]);
  });

  it("files the admin's events without walletId under the default wallet", async () => {
    const res = await callJson("/v1/events", { body: { type: "t.default", data: {} } });
    expect(res.status).toBe(202);
    const rows = await storedEvents("00000000-0000-0000-0000-000000000000", 1);
    expect(rows.map((r) => r.id)).toContain(res.body.id);
  });

  it("stamps events in acceptance order even within one millisecond", async () => {
    const wallet = await newWallet();
    const { body } = await callJson("/v1/events/batch", {
      key: wallet.apiKey,
      body: {
        events: Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, type: "t.a", data: {} })),
      },
    });
    expect(body.data).toHaveLength(20);
    const rows = await storedEvents(wallet.id, 20);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
  });
});
