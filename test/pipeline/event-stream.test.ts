import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { eventView } from "../../src/domain/event-contract/event-view";
import type { QueuedEvent } from "../../src/domain/event-contract/queued-event";
import { insertNewEvents } from "../../src/repositories/events";
import { systemScope } from "../../src/repositories/scope";
import { call, callJson, expectProblem, newWallet } from "../helpers/api";
import { queuedEvent } from "../helpers/queue";
import { walletDb } from "../helpers/shards";
import { readSse } from "../helpers/sse";

type Reader = ReturnType<typeof readSse>;
const open: Reader[] = [];

// Every stream a test opens is cancelled at its end, so nothing keeps the run waiting.
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** Opens the wallet's stream through the worker and starts reading it. */
async function stream(
  key: string | undefined,
  query = "",
  headers: Record<string, string> = {},
): Promise<Reader> {
  const response = await call(`/v1/events/stream${query}`, { key, headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = readSse(response);
  open.push(reader);
  await reader.waitForComment("connected");
  return reader;
}

async function post(key: string, types: string[], tag = "e"): Promise<string[]> {
  const events = types.map((type, i) => ({ id: `${tag}-${i}`, type, data: { i } }));
  const { status } = await callJson("/v1/events/batch", { key, body: { events } });
  expect(status).toBe(202);
  return events.map((e) => e.id);
}

/** The wallet's whole log through the polling API, once it holds `count` events. */
async function logOf(key: string, count: number): Promise<{ id: string; type: string }[]> {
  for (let i = 0; i < 300; i++) {
    const all: { id: string; type: string }[] = [];
    let cursor = "";
    for (;;) {
      const page = await callJson(`/v1/events?limit=100${cursor ? `&cursor=${cursor}` : ""}`, {
        key,
      });
      all.push(...page.body.data);
      if (!page.body.data.length) break;
      cursor = page.body.nextCursor;
    }
    if (all.length >= count) return all;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the log never held ${count} events`);
}

const ids = (r: Reader) => r.events.map((e) => e.data.id);
const positions = (r: Reader) => r.events.map((e) => Number(e.id));
const ascending = (list: number[]) => list.every((p, i) => i === 0 || p > list[i - 1]!);
const stub = (walletId: string) => env.WALLET_STREAM.get(env.WALLET_STREAM.idFromName(walletId));

/** Stores events straight in D1 (no queue, so no publish) and returns them with their log positions. */
async function storeDirectly(
  walletId: string,
  specs: string[],
): Promise<{ position: number; event: QueuedEvent }[]> {
  const events = await Promise.all(
    specs.map((id) => queuedEvent(walletId, { id, type: "t.direct", data: { id } })),
  );
  const db = database(env);
  await insertNewEvents(db, systemScope(), events);
  const rows = await walletDb(walletId)
    .prepare(
      `SELECT rowid AS position, id FROM events WHERE wallet_id = ? AND id IN (${specs.map(() => "?").join(",")}) ORDER BY rowid`,
    )
    .bind(walletId, ...specs)
    .all<{ position: number; id: string }>();
  return rows.results.map((r) => ({
    position: r.position,
    event: events.find((e) => e.id === r.id)!,
  }));
}

describe("the live event stream", () => {
  it("sends live events in log order to every concurrent listener, each once", async () => {
    const wallet = await newWallet();
    const a = await stream(wallet.apiKey);
    const b = await stream(wallet.apiKey);
    const sent = [
      ...(await post(wallet.apiKey, ["t.one", "t.two", "t.three"], "x")),
      ...(await post(wallet.apiKey, ["t.four", "t.five"], "y")),
    ];
    await a.waitFor(5);
    await b.waitFor(5);
    const log = await logOf(wallet.apiKey, 5);
    expect(ids(a)).toEqual(log.map((e) => e.id));
    expect(ids(b)).toEqual(ids(a));
    expect(new Set(ids(a))).toEqual(new Set(sent));
    expect(ascending(positions(a))).toBe(true);
    expect(a.events.map((e) => e.event)).toEqual(a.events.map((e) => e.data.type));
    expect(a.events[0]!.data).toMatchObject({
      walletId: wallet.id,
      channels: [],
      subject: null,
      notify: null,
      data: expect.any(Object),
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(a.events).toHaveLength(5);
  });

  it("resumes with Last-Event-ID: exactly the missed events, then live ones", async () => {
    const wallet = await newWallet();
    const first = await stream(wallet.apiKey);
    await post(wallet.apiKey, ["t.a", "t.a", "t.a"], "before");
    await first.waitFor(3);
    const lastSeen = first.events.at(-1)!.id;
    await first.close();

    const missed = await post(wallet.apiKey, ["t.b", "t.b", "t.b"], "missed");
    await logOf(wallet.apiKey, 6);
    const again = await stream(wallet.apiKey, "", { "last-event-id": lastSeen });
    await again.waitFor(3);
    const live = await post(wallet.apiKey, ["t.c", "t.c"], "live");
    await again.waitFor(5);
    await new Promise((r) => setTimeout(r, 1500));
    expect(ids(again)).toEqual([...missed, ...live]);
    expect(ascending(positions(again))).toBe(true);
    expect(Math.min(...positions(again))).toBeGreaterThan(Number(lastSeen));
  });

  it("misses and doubles nothing at the seam when it reconnects while events keep arriving", async () => {
    const wallet = await newWallet();
    const first = await stream(wallet.apiKey);
    const writing = (async () => {
      for (let n = 0; n < 24; n++) await post(wallet.apiKey, [`t.n${n % 3}`], `seam${n}`);
    })();
    await first.waitFor(4);
    await first.close();
    // Resume from the last event received while the writer goes on (query form of Last-Event-ID).
    const second = await stream(wallet.apiKey, `?lastEventId=${first.events.at(-1)!.id}`);
    await writing;
    const log = await logOf(wallet.apiKey, 24);
    await second.waitFor(24 - first.events.length, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect([...ids(first), ...ids(second)]).toEqual(log.map((e) => e.id));
  });

  it("keeps log order when a later-stored batch is published before an earlier one", async () => {
    const wallet = await newWallet();
    const listener = await stream(wallet.apiKey);
    const early = await storeDirectly(wallet.id, ["early-1", "early-2"]);
    const late = await storeDirectly(wallet.id, ["late-1", "late-2"]);
    const asStream = (list: typeof early) =>
      list.map(({ position, event }) => ({ position, event: eventView(event) }));
    // Two consumer invocations racing: the later batch's publish arrives first.
    await stub(wallet.id).publish(wallet.id, asStream(late));
    await stub(wallet.id).publish(wallet.id, asStream(early));
    await listener.waitFor(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(ids(listener)).toEqual(["early-1", "early-2", "late-1", "late-2"]);
  });

  it("catches up with the log on its 15 s heartbeat, and sends a keep-alive comment", async () => {
    const wallet = await newWallet();
    const listener = await stream(wallet.apiKey);
    // Stored without a publish, as if the consumer's call to the object had failed.
    await storeDirectly(wallet.id, ["lost-1"]);
    await stub(wallet.id).heartbeat();
    await listener.waitForComment("keep-alive");
    await listener.waitFor(1);
    expect(ids(listener)).toEqual(["lost-1"]);
  });

  it("filters by exact type and by prefix pattern, live and on replay", async () => {
    const wallet = await newWallet();
    const prefix = await stream(wallet.apiKey, "?type=openid.credential.*");
    const exact = await stream(wallet.apiKey, "?type=openid.credential.issued");
    await post(
      wallet.apiKey,
      [
        "openid.credential.offer_sent",
        "openid.credential",
        "present.verified",
        "openid.credential.issued",
      ],
      "f",
    );
    const log = await logOf(wallet.apiKey, 4);
    await prefix.waitFor(2);
    await exact.waitFor(1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(prefix.events.map((e) => e.event)).toEqual([
      "openid.credential.offer_sent",
      "openid.credential.issued",
    ]);
    expect(exact.events.map((e) => e.event)).toEqual(["openid.credential.issued"]);

    const before = (await callJson(`/v1/events?limit=1`, { key: wallet.apiKey })).body.data[0].id;
    expect(before).toBe(log[0]!.id);
    const replayed = await stream(wallet.apiKey, "?type=openid.credential.*&lastEventId=0");
    await replayed.waitFor(2);
    expect(replayed.events.map((e) => e.event)).toEqual([
      "openid.credential.offer_sent",
      "openid.credential.issued",
    ]);
  });

  it("never shows another wallet's events", async () => {
    const mine = await newWallet();
    const theirs = await newWallet();
    const listener = await stream(mine.apiKey);
    await post(theirs.apiKey, ["t.theirs", "t.theirs"], "theirs");
    await post(mine.apiKey, ["t.mine"], "mine");
    await listener.waitFor(1);
    await logOf(theirs.apiKey, 2);
    await new Promise((r) => setTimeout(r, 1000));
    expect(listener.events.map((e) => e.data.walletId)).toEqual([mine.id]);
    const replay = await stream(mine.apiKey, "", { "last-event-id": "0" });
    await replay.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(ids(replay)).toEqual(["mine-0"]);
  });

  it("lets the admin open a wallet's stream with ?walletId=; another wallet's is 403, an unknown one 400", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    const admin = await stream(undefined, `?walletId=${wallet.id}`);
    await post(wallet.apiKey, ["t.admin"], "adm");
    await admin.waitFor(1);
    expect(ids(admin)).toEqual(["adm-0"]);
    await expectProblem(
      await call(`/v1/events/stream?walletId=${other.id}`, { key: wallet.apiKey }),
      403,
    );
    const unknown = await expectProblem(
      await call(`/v1/events/stream?walletId=${crypto.randomUUID()}`),
      400,
    );
    expect(unknown.errors).toEqual([{ path: "walletId", message: "No such wallet" }]);
  });

  it("refuses a Last-Event-ID it never sent, and a stream without a key", async () => {
    const wallet = await newWallet();
    await expectProblem(
      await call("/v1/events/stream", { key: wallet.apiKey, headers: { "last-event-id": "abc" } }),
      400,
    );
    await expectProblem(
      await call("/v1/events/stream?lastEventId=-1", { key: wallet.apiKey }),
      400,
    );
    await expectProblem(await call("/v1/events/stream?type=bad type", { key: wallet.apiKey }), 400);
    await expectProblem(await call("/v1/events/stream", { key: null }), 401);
  });

  it("forgets a listener that disconnects, at the latest on the next keep-alive", async () => {
    const wallet = await newWallet();
    const a = await stream(wallet.apiKey);
    const b = await stream(wallet.apiKey);
    expect(await stub(wallet.id).listenerCount()).toBe(2);
    await a.close();
    await stub(wallet.id).heartbeat();
    for (let i = 0; i < 100 && (await stub(wallet.id).listenerCount()) !== 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await stub(wallet.id).listenerCount()).toBe(1);
    await post(wallet.apiKey, ["t.after"], "after");
    await b.waitFor(1);
    expect(ids(b)).toEqual(["after-0"]);
  });
});
