import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../src/domain/cursor";
import { ADMIN_KEY, call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";
import { walletDb } from "../helpers/shards";
import { eventually } from "../helpers/wait";

/** Posts events in one batch request; returns their ids. */
async function post(
  key: string,
  events: { type: string; id?: string; [k: string]: unknown }[],
): Promise<string[]> {
  const { status, body } = await callJson("/v1/events/batch", {
    key,
    body: { events: events.map((e) => ({ data: {}, ...e })) },
  });
  expect(status).toBe(202);
  return body.data.map((r: { id: string }) => r.id);
}

/** The wallet's event ids in storage (rowid) order, straight from D1, once it holds `count`. */
async function storedIds(walletId: string, count: number): Promise<string[]> {
  for (let i = 0; i < 300; i++) {
    const rows = (
      await walletDb(walletId)
        .prepare("SELECT id FROM events WHERE wallet_id = ? ORDER BY rowid")
        .bind(walletId)
        .all<{ id: string }>()
    ).results;
    if (rows.length >= count) return rows.map((r) => r.id);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`D1 never held ${count} events`);
}

/** GET with the wallet key, expecting 200. */
async function get(key: string, path: string) {
  const res = await callJson(path, { key });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe("polling the event log", () => {
  it("pages through every event in storage order, none twice, while more arrive", async () => {
    const wallet = await newWallet();
    await post(
      wallet.apiKey,
      Array.from({ length: 12 }, (_, i) => ({ id: `first-${i}`, type: "t.first" })),
    );
    await storedIds(wallet.id, 12);
    const seen: string[] = [];
    let cursor: string | undefined;
    let more = false;
    for (let round = 0; round < 300; round++) {
      const page = await get(
        wallet.apiKey,
        `/v1/events?limit=5${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(typeof page.nextCursor).toBe("string");
      seen.push(...page.data.map((e: { id: string }) => e.id));
      if (page.data.length === 0) expect(page.nextCursor).toBe(cursor);
      cursor = page.nextCursor;
      if (seen.length >= 5 && !more) {
        more = true;
        await post(
          wallet.apiKey,
          Array.from({ length: 8 }, (_, i) => ({ id: `later-${i}`, type: "t.later" })),
        );
      }
      if (seen.length >= 20) break;
      if (page.data.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toEqual(await storedIds(wallet.id, 20));
    expect(new Set(seen).size).toBe(20);
    const after = await get(wallet.apiKey, `/v1/events?cursor=${cursor}`);
    expect(after).toEqual({ data: [], nextCursor: cursor });
  });

  it("shows each event without the notify target's bearer token", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    await post(wallet.apiKey, [
      {
        id: "n-1",
        type: "t.notify",
        data: { a: 1 },
        channels: ["c1"],
        subject: "offer-1",
        expiresAt: "2099-01-01T00:00:00Z",
        notify: { url: receiver.url, bearerToken: "very-secret-token", format: "waltid" },
      },
    ]);
    await storedIds(wallet.id, 1);
    const page = await get(wallet.apiKey, "/v1/events");
    expect(page.data).toEqual([
      {
        id: "n-1",
        walletId: wallet.id,
        type: "t.notify",
        data: { a: 1 },
        channels: ["c1"],
        subject: "offer-1",
        expiresAt: "2099-01-01T00:00:00.000Z",
        notify: { url: receiver.url, format: "waltid" },
        createdAt: expect.any(String),
      },
    ]);
    const one = await callJson("/v1/events/n-1", { key: wallet.apiKey });
    expect(JSON.stringify([page, one.body])).not.toMatch(
      /very-secret-token|bearerToken|bodyHash|seq/,
    );
  });

  it("filters by exact type and by prefix pattern, as webhooks match", async () => {
    const wallet = await newWallet();
    await post(wallet.apiKey, [
      { id: "1", type: "openid.credential.offer_sent" },
      { id: "2", type: "openid.credential" },
      { id: "3", type: "present.verified" },
      { id: "4", type: "openid.credential.issued" },
      { id: "5", type: "a_b.x" },
      { id: "6", type: "aXb.x" },
    ]);
    await storedIds(wallet.id, 6);
    const types = async (pattern: string) =>
      (await get(wallet.apiKey, `/v1/events?type=${pattern}`)).data
        .map((e: { id: string }) => e.id)
        .sort();
    expect(await types("openid.credential.*")).toEqual(["1", "4"]);
    expect(await types("openid.credential")).toEqual(["2"]);
    expect(await types("a_b.*")).toEqual(["5"]);
    expect(await types("*")).toHaveLength(6);
    // A filtered page's cursor works unfiltered too: it is a log position.
    const firstIssued = await get(wallet.apiKey, "/v1/events?type=openid.credential.issued");
    const rest = await get(wallet.apiKey, `/v1/events?cursor=${firstIssued.nextCursor}`);
    expect(rest.data.map((e: { id: string }) => e.id)).toEqual(
      (await storedIds(wallet.id, 6)).slice(4),
    );
  });

  it.each([
    ["a cursor that is not base64 of a position", "cursor=!!!"],
    [
      "a cursor of something else",
      `cursor=${encodeCursor("0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d")}`,
    ],
    ["a negative cursor", `cursor=${encodeCursor("-5")}`],
    ["limit 0", "limit=0"],
    ["limit 101", "limit=101"],
    ["a type with a space", "type=bad%20type"],
    ["a wildcard in the middle", "type=openid.*.issued"],
  ])("refuses %s with 400", async (_name, query) => {
    const wallet = await newWallet();
    await expectProblem(await call(`/v1/events?${query}`, { key: wallet.apiKey }), 400);
  });
});

describe("event log tenancy", () => {
  it("shows a wallet only its own events, and another wallet's event is 404", async () => {
    const a = await newWallet();
    const b = await newWallet();
    await post(a.apiKey, [
      { id: "shared-id", type: "t.a" },
      { id: "only-a", type: "t.a" },
    ]);
    await post(b.apiKey, [{ id: "shared-id", type: "t.b" }]);
    await storedIds(a.id, 2);
    await storedIds(b.id, 1);
    expect(
      (await get(b.apiKey, "/v1/events")).data.map((e: { walletId: string; type: string }) => [
        e.walletId,
        e.type,
      ]),
    ).toEqual([[b.id, "t.b"]]);
    expect((await get(b.apiKey, "/v1/events/shared-id")).type).toBe("t.b");
    await expectProblem(await call("/v1/events/only-a", { key: b.apiKey }), 404);
    // Naming another wallet is refused as such (403), whether or not it holds the event.
    await expectProblem(await call(`/v1/events?walletId=${a.id}`, { key: b.apiKey }), 403);
    await expectProblem(await call(`/v1/events/only-a?walletId=${a.id}`, { key: b.apiKey }), 403);
  });

  it("lets the admin read any wallet's log with ?walletId=, and answers 400 for an unknown wallet", async () => {
    const a = await newWallet();
    await post(a.apiKey, [{ id: "x", type: "t.admin" }]);
    await storedIds(a.id, 1);
    expect(
      (await callJson(`/v1/events?walletId=${a.id}`)).body.data.map((e: { id: string }) => e.id),
    ).toEqual(["x"]);
    expect((await callJson(`/v1/events/x?walletId=${a.id}`)).body).toMatchObject({
      id: "x",
      walletId: a.id,
      deliveries: [],
    });
    const unknown = await expectProblem(
      await call(`/v1/events?walletId=${crypto.randomUUID()}`),
      400,
    );
    expect(unknown.errors).toEqual([{ path: "walletId", message: "No such wallet" }]);
    await expectProblem(await call("/v1/events/x"), 404);
  });

  it("needs a key on every read route", async () => {
    for (const path of ["/v1/events", "/v1/events/some-id", "/v1/events/stream"]) {
      await expectProblem(await call(path, { key: null }), 401);
    }
  });
});

describe("one event with its deliveries", () => {
  it("lists the delivery to a real receiver with its status and attempts", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 500 }], { status: 204 });
    const webhook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      retry: { schedule: [1] },
    });
    const [id] = await post(wallet.apiKey, [{ type: "t.delivered", data: { n: 1 } }]);
    await receiver.waitFor(2);
    let event: any;
    for (let i = 0; i < 300; i++) {
      event = await get(wallet.apiKey, `/v1/events/${id}`);
      if (event.deliveries[0]?.status === "succeeded") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(event).toMatchObject({ id, walletId: wallet.id, type: "t.delivered", data: { n: 1 } });
    expect(event.deliveries).toEqual([
      {
        id: expect.any(String),
        eventId: id,
        eventType: "t.delivered",
        webhookId: webhook.id,
        status: "succeeded",
        attemptCount: 2,
        nextAttemptAt: null,
        lastStatusCode: 204,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
  });

  it("shows a tenant its own webhooks' and notify targets' deliveries, never the global webhooks'; the admin sees all", async () => {
    const wallet = await newWallet();
    const own = await newWebhook(wallet.apiKey, { url: (await newReceiver()).url });
    const type = `t.${crypto.randomUUID().slice(0, 8)}.seen`;
    const global = await newWebhook(ADMIN_KEY, {
      url: (await newReceiver()).url,
      eventTypes: [`${type.slice(0, -5)}.*`],
    });
    const notify = await newReceiver();
    const [id] = await post(wallet.apiKey, [{ type, notify: { url: notify.url } }]);
    const all = await eventually(async () => {
      const { status, body } = await callJson(`/v1/events/${id}?walletId=${wallet.id}`);
      return status === 200 && body.deliveries.length === 3 && body.deliveries;
    }, "three deliveries in D1");
    expect(all.map((d: { webhookId: string }) => d.webhookId)).toContain(global.id);
    const seen = (await get(wallet.apiKey, `/v1/events/${id}`)).deliveries.map(
      (d: { webhookId: string }) => d.webhookId,
    );
    expect(seen).toHaveLength(2);
    expect(seen).toContain(own.id);
    expect(seen).not.toContain(global.id);
    expect(seen.find((w: string) => w !== own.id)).toMatch(/^notify_/);
  });

  it("answers 404 for an unknown id, and /stream is never taken for an event id", async () => {
    const wallet = await newWallet();
    await expectProblem(await call("/v1/events/no-such-event", { key: wallet.apiKey }), 404);
    const stream = await call("/v1/events/stream", { key: wallet.apiKey });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await stream.body!.cancel();
  });
});
