import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";
import { settledDelivery, sleep, storedEvent } from "../helpers/delivery-log";
import { recordingQueue } from "../helpers/faults";
import { expectPipelineInvariants, type WatchedWebhook } from "../helpers/invariants";
import { heldDeliveries } from "../helpers/objects";
import { everyShard } from "../helpers/queue";
import { newReceiver } from "../helpers/receiver";
import { ACCESS_ROWS } from "./bad-input-access";
import { type BadInput, type Fixtures, REQUEST_ROWS, TYPE } from "./bad-input-catalog";
import { LIMIT_ROWS } from "./bad-input-limits";
import { SAFETY_ROWS } from "./bad-input-safety";
import { SETTINGS_ROWS } from "./bad-input-settings";

// The bad-input catalog, table-driven: every row is one real request against the API, with
// its expected status, a problem+json answer, and proof that nothing changed: no event
// queued or stored, no webhook, wallet, key or event type created or altered, no delivery.

/** Every row; the README's "inputs tried" figure is this count. */
export const ROWS: BadInput[] = [
  ...REQUEST_ROWS,
  ...ACCESS_ROWS,
  ...SETTINGS_ROWS,
  ...SAFETY_ROWS,
  ...LIMIT_ROWS,
];

// Time for a message that did reach the queue to be stored by the consumer (it batches for 1 s).
const CONSUMER_WAIT_MS = 1_500;

let f: Fixtures;
let watched: WatchedWebhook[];

/** Everything a refused request could have changed, read from D1 and the webhook objects. */
async function snapshot() {
  const rows = async (sql: string) => (await env.DB.prepare(sql).all()).results;
  return {
    wallets: await rows("SELECT * FROM wallets ORDER BY id"),
    apiKeys: await rows("SELECT * FROM api_keys ORDER BY id"),
    walletLimits: await rows("SELECT * FROM wallet_limits ORDER BY wallet_id"),
    webhooks: await rows("SELECT * FROM webhooks ORDER BY id"),
    eventTypes: await rows("SELECT * FROM event_types ORDER BY wallet_id, name"),
    events: await rows("SELECT wallet_id, id, body_hash FROM events ORDER BY wallet_id, id"),
    deliveries: await rows(
      "SELECT id, status, attempt_count, updated_at FROM deliveries ORDER BY id",
    ),
    attempts: await rows("SELECT COUNT(*) AS n FROM attempts"),
    deadLetters: await rows("SELECT COUNT(*) AS n FROM dead_letters"),
    heldByA: await heldDeliveries(f.a.hookId),
    heldByB: await heldDeliveries(f.b.hookId),
  };
}

beforeAll(async () => {
  const [a, b] = [await newWallet("bad-input A"), await newWallet("bad-input B")];
  const [receiverA, receiverB] = [await newReceiver(), await newReceiver()];
  // Subscribed to everything: a refused event that slipped through would arrive here.
  const [hookA, hookB] = [
    await newWebhook(a.apiKey, { url: receiverA.url }),
    await newWebhook(b.apiKey, { url: receiverB.url }),
  ];
  const seed = await callJson("/v1/events", {
    key: a.apiKey,
    body: { id: "seed-a", type: TYPE, data: { v: 1 } },
  });
  const eventB = await callJson("/v1/events", {
    key: b.apiKey,
    body: { type: TYPE, data: { v: 1 } },
  });
  expect([seed.status, eventB.status]).toEqual([202, 202]);
  await settledDelivery(
    hookA.id,
    (d, attempts) => d.status === "succeeded" && attempts.length === 1,
  );
  const { delivery } = await settledDelivery(
    hookB.id,
    (d, attempts) => d.status === "succeeded" && attempts.length === 1,
  );
  expect(
    (
      await callJson("/v1/event-types", {
        key: b.apiKey,
        body: { name: "acme.b.thing", description: "B's own type" },
      })
    ).status,
  ).toBe(201);

  const issued = await callJson(`/v1/wallets/${a.id}/api-keys`, { method: "POST" });
  expect(
    (await call(`/v1/wallets/${a.id}/api-keys/${issued.body.id}`, { method: "DELETE" })).status,
  ).toBe(204);
  const gone = await newWallet("deleted");
  expect((await call(`/v1/wallets/${gone.id}`, { method: "DELETE" })).status).toBe(204);
  const scoped = async (body: Record<string, unknown>) => {
    const key = await callJson(`/v1/wallets/${a.id}/api-keys`, { body });
    expect(key.status).toBe(201);
    return key.body as { id: string; apiKey: string };
  };
  const [ingestKey, readKey, expiring] = [
    await scoped({ scopes: ["ingest"] }),
    await scoped({ scopes: ["read"] }),
    await scoped({ expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
  ];
  // Expired since: the key was never presented, so no isolate holds it in its cache.
  await env.DB.prepare("UPDATE api_keys SET expires_at = ? WHERE id = ?")
    .bind(new Date(Date.now() - 1000).toISOString(), expiring.id)
    .run();

  f = {
    a: { id: a.id, apiKey: a.apiKey, hookId: hookA.id, seedEventId: "seed-a" },
    b: {
      id: b.id,
      apiKey: b.apiKey,
      hookId: hookB.id,
      eventId: eventB.body.id,
      deliveryId: delivery.id,
      typeName: "acme.b.thing",
    },
    revokedKey: issued.body.apiKey,
    deletedWalletKey: gone.apiKey,
    deletedWalletId: gone.id,
    ingestKey: ingestKey.apiKey,
    readKey: readKey.apiKey,
    expiredKey: expiring.apiKey,
  };
  watched = [
    { id: hookA.id, secret: hookA.secret, receiver: receiverA },
    { id: hookB.id, secret: hookB.secret, receiver: receiverB },
  ];
}, 60_000);

describe("the bad-input catalog", () => {
  it("has at least 60 rows, each named once", () => {
    const names = ROWS.map((row) => `${row.group}: ${row.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    const counts = new Map<number, number>();
    for (const row of ROWS) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    const byStatus = [...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    console.log(
      `bad-input catalog: ${ROWS.length} requests in ${new Set(ROWS.map((r) => r.group)).size} groups (${byStatus.join(", ")})`,
    );
  });

  it.each(ROWS)("$group: $name -> $status, nothing changed", async (row) => {
    const before = await snapshot();
    const queue = recordingQueue(env.EVENTS_QUEUE_0);
    const { path, key, env: overrides, ...options } = row.request(f);
    const response = await call(path, {
      ...options,
      key: key === undefined ? f.a.apiKey : key,
      env: { ...overrides, ...everyShard(queue.queue) },
    });
    const text = await response.text();

    expect(response.status, text.slice(0, 500)).toBe(row.status);
    if (row.status >= 400) {
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = JSON.parse(text);
      expect(problem).toMatchObject({
        type: expect.stringMatching(/^urn:herald:problem:/),
        title: expect.any(String),
        status: row.status,
        detail: expect.any(String),
      });
      if (row.detail) expect(problem.detail).toMatch(row.detail);
      expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|src\//);
    } else {
      row.check?.(JSON.parse(text), f);
    }
    expect(queue.sent, "nothing may reach the queue").toEqual([]);
    if (row.ingest) await sleep(CONSUMER_WAIT_MS);
    expect(await snapshot()).toEqual(before);
  });

  it("let no refused event reach a receiver: each saw only the event it was owed", async () => {
    await expectPipelineInvariants({
      webhooks: watched,
      accepted: [
        { walletId: f.a.id, eventId: f.a.seedEventId, webhookIds: [f.a.hookId] },
        { walletId: f.b.id, eventId: f.b.eventId, webhookIds: [f.b.hookId] },
      ],
    });
    for (const w of watched) expect(await w.receiver.requests()).toHaveLength(1);
  });
});

describe("what the strict JSON checks still accept", () => {
  async function accepted(raw: string) {
    const wallet = await newWallet("controls");
    const { status, body } = await callJson("/v1/events", {
      key: wallet.apiKey,
      raw,
      headers: { "content-type": "application/json" },
    });
    expect(status).toBe(202);
    const stored = await storedEvent(wallet.id, body.id);
    expect(stored).toBeTruthy();
    const row = await env.DB.prepare("SELECT data FROM events WHERE wallet_id = ? AND id = ?")
      .bind(wallet.id, body.id)
      .first<{ data: string }>();
    return JSON.parse(row!.data);
  }

  it("accepts a body nested exactly 64 levels deep", async () => {
    const data = await accepted(
      `{"type":"${TYPE}","data":${'{"a":'.repeat(62)}1${"}".repeat(62)}}`,
    );
    let depth = 1;
    for (let node = data; typeof node.a === "object"; node = node.a) depth++;
    expect(depth).toBe(62);
  });

  it("keeps escaped surrogate pairs, BOM-free UTF-8 text and __proto__ as a value", async () => {
    const data = await accepted(
      `{"type":"${TYPE}","data":{"emoji":"\\ud83d\\ude00","text":"café ✓ 日本","note":"__proto__","esc":"\\u0041"}}`,
    );
    expect(data).toEqual({ emoji: "\u{1F600}", text: "café ✓ 日本", note: "__proto__", esc: "A" });
  });
});
