import { describe, expect, it } from "vitest";
import { webhookMessageId } from "../../src/domain/signing/webhook-id";
import { ADMIN_KEY, call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";
import { rowsOfAllShards } from "../helpers/shards";

const DEFAULT_WALLET = "00000000-0000-0000-0000-000000000000";
// The consumer takes a batch about once a second: this is long enough for a wrongly queued event to land.
const SETTLE_MS = 1500;

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

/** A wallet whose id the test chooses, as an Identus or ACA-Py tenant keeps its own. */
async function walletWithId(): Promise<{ id: string; apiKey: string }> {
  const { status, body } = await callJson("/v1/wallets", {
    body: { name: "agent tenant", id: crypto.randomUUID() },
  });
  expect(status).toBe(201);
  return { id: body.id, apiKey: body.apiKey };
}

async function storedEvents(where: { walletId?: string; id?: string }): Promise<number> {
  const [column, value] = where.walletId ? ["wallet_id", where.walletId] : ["id", where.id];
  const rows = await rowsOfAllShards<{ n: number }>(
    `SELECT COUNT(*) AS n FROM events WHERE ${column} = ?`,
    value,
  );
  return rows.reduce((sum, r) => sum + r.n, 0);
}

/** Posts an agent's raw request body (pretty-printed, as the seeds show it) with the agent's own headers. */
function agentPost(path: string, body: unknown, headers: Record<string, string>) {
  return call(path, {
    raw: JSON.stringify(body, null, 2),
    key: null,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("Identus notifications at /v1/ingest/identus", () => {
  const seed = {
    id: "cb8d4e96-30f0-4892-863f-44d49d634211",
    ts: "2023-07-06T12:01:19.769427Z",
    type: "ConnectionUpdated",
    data: {
      connectionId: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
      label: "Connect with Alice",
      role: "Inviter",
      state: "InvitationGenerated",
      invitation: {
        id: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
        type: "https://didcomm.org/out-of-band/2.0/invitation",
        from: "did:peer:2.Ez6LS...jIiXX0",
        invitationUrl: "https://my.domain.com/path?_oob=eyJpZCI6...bXX19",
      },
      createdAt: "2023-07-06T12:01:19.760126Z",
      self: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
      kind: "Connection",
    },
    walletId: DEFAULT_WALLET,
  };

  it("delivers the seed's notification, sent with the global webhook's bearer key, once, as Identus wrote it", async () => {
    const receiver = await newReceiver();
    await newWebhook(ADMIN_KEY, {
      url: receiver.url,
      walletId: DEFAULT_WALLET,
      format: "identus",
      eventTypes: ["ConnectionUpdated"],
    });
    const first = await agentPost("/v1/ingest/identus", seed, {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ id: seed.id });

    const [delivered] = await receiver.waitFor(1);
    expect(delivered!.headers["webhook-id"]).toBe(await webhookMessageId(DEFAULT_WALLET, seed.id));
    const { ts, ...rest } = JSON.parse(delivered!.body);
    const { ts: _sent, ...sent } = seed;
    expect(rest).toEqual(sent);
    expect(ts).toEqual(expect.any(String));

    // Identus retries three times; a repeat is answered 200 and sent to no one again.
    const repeat = await agentPost("/v1/ingest/identus", seed, {
      authorization: `Bearer ${ADMIN_KEY}`,
    });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ id: seed.id });
    await settle();
    expect(await receiver.requests()).toHaveLength(1);
  });

  it("files a wallet's notification under that wallet when its apiKey header matches the walletId", async () => {
    const wallet = await walletWithId();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url });
    const notification = { ...seed, id: crypto.randomUUID(), walletId: wallet.id };
    const res = await agentPost("/v1/ingest/identus", notification, { apikey: wallet.apiKey });
    expect(res.status).toBe(202);
    const [delivered] = await receiver.waitFor(1);
    expect(JSON.parse(delivered!.body)).toMatchObject({
      id: notification.id,
      type: "ConnectionUpdated",
      walletId: wallet.id,
      data: seed.data,
    });
  });

  it("answers 403 when a wallet key posts a notification naming another wallet, and queues nothing", async () => {
    const wallet = await newWallet();
    const notification = { ...seed, id: crypto.randomUUID() };
    const problem = await expectProblem(
      await agentPost("/v1/ingest/identus", notification, { apikey: wallet.apiKey }),
      403,
    );
    expect(problem.detail).toMatch(/walletId/);
    await settle();
    expect(await storedEvents({ id: notification.id })).toBe(0);
  });

  it("answers 400 when the admin key names a wallet Herald does not have", async () => {
    const notification = { ...seed, id: crypto.randomUUID(), walletId: crypto.randomUUID() };
    const problem = await expectProblem(
      await agentPost("/v1/ingest/identus", notification, { authorization: `Bearer ${ADMIN_KEY}` }),
      400,
    );
    expect(problem.errors).toEqual([{ path: "walletId", message: "No such wallet" }]);
  });

  it("answers 400 naming each bad field, and queues nothing", async () => {
    const wallet = await newWallet();
    const { ts: _dropped, ...noTs } = seed;
    const bad = {
      ...noTs,
      id: crypto.randomUUID(),
      walletId: wallet.id,
      type: "bad type!",
      extra: true,
    };
    const problem = await expectProblem(
      await agentPost("/v1/ingest/identus", bad, { apikey: wallet.apiKey }),
      400,
    );
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "extra",
      "ts",
      "type",
    ]);
    await settle();
    expect(await storedEvents({ walletId: wallet.id })).toBe(0);
  });

  it("answers 401 without a key", async () => {
    await expectProblem(await agentPost("/v1/ingest/identus", seed, {}), 401);
  });
});

describe("walt.id notifications at /v1/ingest/waltid", () => {
  const seed = {
    id: "offer-id-123",
    type: "resolved_credential_offer",
    timestamp: 1704067200000,
    data: { credentialOffer: {} },
  };

  it("delivers the seed's notification once, about its offer, as walt.id wrote it", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url, format: "waltid" });
    const first = await agentPost("/v1/ingest/waltid", seed, {
      authorization: `Bearer ${wallet.apiKey}`,
    });
    expect(first.status).toBe(202);
    const { id } = await first.json<{ id: string }>();
    expect(id).toMatch(/^waltid-[0-9a-f]{32}$/);

    const [delivered] = await receiver.waitFor(1);
    expect(delivered!.headers["webhook-id"]).toBe(await webhookMessageId(wallet.id, id));
    expect(JSON.parse(delivered!.body)).toEqual({
      id: "offer-id-123",
      type: "resolved_credential_offer",
      timestamp: expect.any(Number),
      data: { credentialOffer: {} },
    });

    const repeat = await agentPost("/v1/ingest/waltid", seed, {
      authorization: `Bearer ${wallet.apiKey}`,
    });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ id });
    await settle();
    expect(await receiver.requests()).toHaveLength(1);
  });

  it("answers 400 for a timestamp that is not unix ms, and queues nothing", async () => {
    const wallet = await newWallet();
    const problem = await expectProblem(
      await agentPost(
        "/v1/ingest/waltid",
        { ...seed, timestamp: "2024-01-01T00:00:00Z" },
        { authorization: `Bearer ${wallet.apiKey}` },
      ),
      400,
    );
    expect(problem.errors).toEqual([{ path: "timestamp", message: expect.any(String) }]);
    await settle();
    expect(await storedEvents({ walletId: wallet.id })).toBe(0);
  });
});

describe("ACA-Py webhook calls at /v1/ingest/acapy/topic/{topic}/", () => {
  const record = {
    state: "done",
    connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
    cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
    thread_id: "d92933ef-74d8-4e53-9d4a-6526feb991c5",
    role: "issuer",
    initiator: "self",
    created_at: "2025-03-13T22:14:41.138935Z",
    updated_at: "2025-03-13T22:15:02.479961Z",
    credential_id: null,
  };

  it("delivers a sub-wallet's record once to an acapy-format webhook, at the same topic, as ACA-Py wrote it", async () => {
    const wallet = await walletWithId();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url, format: "acapy" });
    const headers = { "x-api-key": wallet.apiKey, "x-wallet-id": wallet.id };
    const first = await agentPost("/v1/ingest/acapy/topic/issue_credential_v2_0/", record, headers);
    expect(first.status).toBe(202);
    const { id } = await first.json<{ id: string }>();

    const [delivered] = await receiver.waitFor(1);
    expect(delivered!.path).toMatch(/\/topic\/issue_credential_v2_0\/$/);
    expect(delivered!.headers["x-wallet-id"]).toBe(wallet.id);
    expect(delivered!.headers["webhook-id"]).toBe(await webhookMessageId(wallet.id, id));
    expect(JSON.parse(delivered!.body)).toEqual(record);

    const repeat = await agentPost(
      "/v1/ingest/acapy/topic/issue_credential_v2_0/",
      record,
      headers,
    );
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ id });
    await settle();
    expect(await receiver.requests()).toHaveLength(1);
  });

  it("treats a state change of the same record as a new event, and takes the address without the slash", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url });
    const offered = { ...record, state: "offer-sent" };
    expect(
      (
        await agentPost("/v1/ingest/acapy/topic/issue_credential_v2_0/", offered, {
          "x-api-key": wallet.apiKey,
        })
      ).status,
    ).toBe(202);
    expect(
      (
        await agentPost("/v1/ingest/acapy/topic/issue_credential_v2_0", record, {
          "x-api-key": wallet.apiKey,
        })
      ).status,
    ).toBe(202);
    const delivered = (await receiver.waitFor(2)).map((r) => JSON.parse(r.body));
    expect(delivered.map((d) => d.data.state).sort()).toEqual(["done", "offer-sent"]);
    expect(
      delivered.every((d) => d.type === "issue_credential_v2_0" && d.walletId === wallet.id),
    ).toBe(true);
  });

  it("files the admin key's call under the wallet X-Wallet-Id names", async () => {
    const wallet = await walletWithId();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url });
    const res = await agentPost(
      "/v1/ingest/acapy/topic/connections/",
      { connection_id: "c-1", state: "active" },
      { "x-api-key": ADMIN_KEY, "x-wallet-id": wallet.id },
    );
    expect(res.status).toBe(202);
    const [delivered] = await receiver.waitFor(1);
    expect(JSON.parse(delivered!.body)).toMatchObject({
      type: "connections",
      walletId: wallet.id,
      data: { connection_id: "c-1", state: "active" },
    });
  });

  it("answers 403 when a wallet key's call names another wallet in X-Wallet-Id, and queues nothing", async () => {
    const wallet = await newWallet();
    const other = await walletWithId();
    const res = await agentPost("/v1/ingest/acapy/topic/issue_credential_v2_0/", record, {
      "x-api-key": wallet.apiKey,
      "x-wallet-id": other.id,
    });
    const problem = await expectProblem(res, 403);
    expect(problem.detail).toMatch(/X-Wallet-Id/);
    await settle();
    expect(await storedEvents({ walletId: wallet.id })).toBe(0);
    expect(await storedEvents({ walletId: other.id })).toBe(0);
  });

  it("answers 400 for a body that is not an object or a topic that is not an event type, and queues nothing", async () => {
    const wallet = await newWallet();
    const notObject = await expectProblem(
      await agentPost("/v1/ingest/acapy/topic/connections/", [record], {
        "x-api-key": wallet.apiKey,
      }),
      400,
    );
    expect(notObject.errors.length).toBeGreaterThan(0);
    const badTopic = await expectProblem(
      await agentPost("/v1/ingest/acapy/topic/bad%20topic!/", record, {
        "x-api-key": wallet.apiKey,
      }),
      400,
    );
    expect(badTopic.errors).toEqual([{ path: "topic", message: expect.any(String) }]);
    await settle();
    expect(await storedEvents({ walletId: wallet.id })).toBe(0);
  });
});

/** iGrant's signature, computed here independently of Herald's code, per the seed's Go example. */
async function igrantSignature(secret: string, timestamp: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${body}`)),
  );
  return `t=${timestamp},sig=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

describe("iGrant.io notifications at /v1/ingest/igrant", () => {
  const SECRET = "igrant-test-secret";
  const seed = {
    deliveryID: "67f770eec8426b0b55e30c2e",
    webhookID: "67f770936e45cf84e6880d25",
    timestamp: "2025-04-10T07:19:10Z",
    data: {
      credential: {
        CredentialExchangeId: "3e154218-88d5-4529-8143-bf1ccf0e08c0",
        credentialDefinitionId: "a79fb535-5e17-4571-928a-7b30011e4fa8",
        walletUnitAttestationVerified: false,
      },
      organisationId: "64ec561de2f6a8000142c671",
    },
    type: "openid.credential.offer_sent",
  };
  const now = (offsetMs = 0) =>
    new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  const uniqueDelivery = () => crypto.randomUUID().replaceAll("-", "").slice(0, 24);

  /** Posts `sent` (the signed bytes unless a test alters them) with iGrant's signature header over `signed`. */
  async function igrantPost(
    sent: string,
    options: {
      signed?: string;
      signedAt?: string;
      secret?: string;
      key?: string;
      unsigned?: true;
    } = {},
  ) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (!options.unsigned)
      headers["x-igrant-signature"] = await igrantSignature(
        options.secret ?? SECRET,
        options.signedAt ?? now(),
        options.signed ?? sent,
      );
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    return call("/v1/ingest/igrant", { raw: sent, key: null, headers });
  }

  it("delivers the seed's signed notification once to the default wallet, with no API key", async () => {
    const receiver = await newReceiver();
    await newWebhook(ADMIN_KEY, {
      url: receiver.url,
      walletId: DEFAULT_WALLET,
      eventTypes: ["openid.credential.offer_sent"],
    });
    const body = JSON.stringify(seed, null, 2);
    const first = await igrantPost(body);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ id: seed.deliveryID });

    const [delivered] = await receiver.waitFor(1);
    expect(delivered!.headers["webhook-id"]).toBe(
      await webhookMessageId(DEFAULT_WALLET, seed.deliveryID),
    );
    expect(JSON.parse(delivered!.body)).toMatchObject({
      id: seed.deliveryID,
      type: seed.type,
      walletId: DEFAULT_WALLET,
      data: seed.data,
    });

    // A replay within the five minutes carries the same deliveryID: a repeat, not a second event.
    const repeat = await igrantPost(body);
    expect(repeat.status).toBe(200);
    await settle();
    expect(await receiver.requests()).toHaveLength(1);
  });

  it("files the notification under the wallet of an API key sent along, signature checked over the raw UTF-8 bytes", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url });
    const data = { ...seed.data, holderName: "Zoë Ångström ✓" };
    const res = await igrantPost(
      JSON.stringify({ ...seed, deliveryID: uniqueDelivery(), data }, null, "\t"),
      { key: wallet.apiKey },
    );
    expect(res.status).toBe(202);
    const [delivered] = await receiver.waitFor(1);
    expect(JSON.parse(delivered!.body)).toMatchObject({
      type: seed.type,
      walletId: wallet.id,
      data,
    });
  });

  it("answers 401 for a valid signature sent with an API key Herald never issued", async () => {
    const res = await igrantPost(JSON.stringify({ ...seed, deliveryID: uniqueDelivery() }), {
      key: "hwk_not-a-real-key-0000000000000000",
    });
    await expectProblem(res, 401);
  });

  describe("refuses with 401 and queues nothing", () => {
    const cases: Array<[string, (body: string, key: string) => Promise<Response>]> = [
      // Signed as sent by iGrant, then altered on the way.
      [
        "a tampered body",
        (body, key) =>
          igrantPost(body.replace("offer_sent", "offer_received"), { signed: body, key }),
      ],
      [
        "a stale signature (over 5 minutes old)",
        (body, key) => igrantPost(body, { signedAt: now(-6 * 60_000), key }),
      ],
      [
        "a missing X-iGrant-Signature header",
        (body, key) => igrantPost(body, { unsigned: true, key }),
      ],
      [
        "a signature made with another secret",
        (body, key) => igrantPost(body, { secret: "not-the-secret", key }),
      ],
    ];
    it.each(cases)("%s", async (_name, send) => {
      // The wallet's key is sent too, so "nothing queued" can be checked on a wallet of its own.
      const wallet = await newWallet();
      const deliveryID = uniqueDelivery();
      await expectProblem(await send(JSON.stringify({ ...seed, deliveryID }), wallet.apiKey), 401);
      await settle();
      expect(await storedEvents({ walletId: wallet.id })).toBe(0);
      expect(await storedEvents({ id: deliveryID })).toBe(0);
    });
  });

  it("answers 400 for a signed body that is not iGrant's shape, and queues nothing", async () => {
    const wallet = await newWallet();
    const { webhookID: _dropped, ...noWebhook } = seed;
    const res = await igrantPost(
      JSON.stringify({ ...noWebhook, deliveryID: uniqueDelivery(), data: "not an object" }),
      { key: wallet.apiKey },
    );
    const problem = await expectProblem(res, 400);
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "data",
      "webhookID",
    ]);
    await settle();
    expect(await storedEvents({ walletId: wallet.id })).toBe(0);
  });

  it("answers 503 when IGRANT_WEBHOOK_SECRET is not set", async () => {
    const body = JSON.stringify(seed);
    const res = await call("/v1/ingest/igrant", {
      raw: body,
      key: null,
      env: { IGRANT_WEBHOOK_SECRET: "" },
      headers: {
        "content-type": "application/json",
        "x-igrant-signature": await igrantSignature(SECRET, now(), body),
      },
    });
    const problem = await expectProblem(res, 503);
    expect(problem.detail).toBe("iGrant ingest is not configured");
  });
});
