import { describe, expect, it } from "vitest";
import { verifyIgrant } from "../../src/domain/signing/igrant";
import { callJson, newWallet, newWebhook } from "../helpers/api";
import { newReceiver, type Received } from "../helpers/receiver";
import { deliveriesInD1 } from "../helpers/wait";

// Behaviours of the seed agents that receivers written for them rely on: walt.id's per-offer
// callback replacing the profile's, and the Identus Cloud Agent's retries and base path.

const eventIdOf = (r: Received) => (JSON.parse(r.body) as { id: string }).id;

describe("walt.id notify.mode", () => {
  /** A wallet with one fifo webhook, an offer event with a notify target in `mode`, then a plain event. */
  async function offerThenPlain(mode: "add" | "replace" | undefined) {
    const wallet = await newWallet();
    const profile = await newReceiver();
    const offerTarget = await newReceiver();
    await newWebhook(wallet.apiKey, { url: profile.url, ordering: "fifo" });
    const offer = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: {
        id: "offer-event",
        type: "openid.credential.offer_resolved",
        subject: "offer-7",
        data: { offerId: "offer-7" },
        notify: { url: offerTarget.url, format: "waltid", ...(mode ? { mode } : {}) },
      },
    });
    expect(offer.status).toBe(202);
    const plain = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { id: "plain-event", type: "openid.credential.issued", data: {} },
    });
    expect(plain.status).toBe(202);
    return { profile, offerTarget, walletId: wallet.id };
  }

  it("replace: the offer's target gets the event instead of the wallet's webhooks, and global webhooks still get it", async () => {
    const operator = await newReceiver();
    const global = await callJson("/v1/webhooks", { body: { url: operator.url, walletId: null } });
    expect(global.status).toBe(201);
    const { profile, offerTarget, walletId } = await offerThenPlain("replace");
    const [copy] = await offerTarget.waitFor(1);
    expect(JSON.parse(copy!.body)).toMatchObject({ id: "offer-7" });
    // The webhook is fifo: had it been owed the offer event, it would have come before this one.
    const seen = await profile.waitFor(1);
    expect(seen.map(eventIdOf)).toEqual(["plain-event"]);
    await expect
      .poll(async () =>
        (await operator.requests())
          .map((r) => JSON.parse(r.body) as { id: string; walletId: string })
          .filter((b) => b.walletId === walletId)
          .map((b) => b.id),
      )
      .toEqual(["offer-event", "plain-event"]);
    await callJson(`/v1/webhooks/${global.body.id}`, { method: "DELETE" });
  });

  it("add (the default, and when named): the offer's target and the wallet's webhooks both get it", async () => {
    for (const mode of [undefined, "add"] as const) {
      const { profile, offerTarget } = await offerThenPlain(mode);
      await offerTarget.waitFor(1);
      expect((await profile.waitFor(2)).map(eventIdOf)).toEqual(["offer-event", "plain-event"]);
    }
  });

  it("refuses a mode it does not know", async () => {
    const wallet = await newWallet();
    const res = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: {
        type: "t.x",
        data: {},
        notify: { url: "https://offers.example.com/cb", mode: "instead" },
      },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain("notify.mode");
  });
});

describe("the identus retry preset", () => {
  it("retries a 410 and a webhook-delivery header like any other failure, 3 attempts 5 s apart, and keeps the webhook enabled", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([
      { status: 410 },
      { status: 500, headers: { "webhook-delivery": "disable, abort-message" } },
    ]);
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      retry: { preset: "identus" },
    });
    await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "ConnectionUpdated", data: {} },
    });
    const attempts = await receiver.waitFor(3, 30_000);
    expect(attempts.map((r) => r.status)).toEqual([410, 500, 200]);
    await deliveriesInD1(hook.id, { succeeded: 1 });
    const { body } = await callJson(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey });
    expect(body).toMatchObject({ enabled: true, disabledReason: null });
  }, 40_000);

  it("still disables on 410 under the standard preset", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 410 }]);
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "ConnectionUpdated", data: {} },
    });
    await receiver.waitFor(1);
    await expect
      .poll(
        async () =>
          (await callJson(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey })).body.enabled,
      )
      .toBe(false);
  });
});

describe("the Identus webhook surface under /cloud-agent/", () => {
  it("serves create, list, read and delete at /cloud-agent/events/webhooks, the same webhooks as /events/webhooks", async () => {
    const wallet = await newWallet();
    const headers = { apikey: wallet.apiKey };
    const created = await callJson("/cloud-agent/events/webhooks", {
      key: null,
      headers,
      body: { url: "https://receiver.example.com/identus", customHeaders: { "X-Tenant": "a" } },
    });
    // Identus answers 200 to a create and a delete; so does Herald's Identus surface.
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ url: "https://receiver.example.com/identus" });
    const listed = await callJson("/events/webhooks", { key: null, headers });
    expect(listed.body.contents.map((w: { id: string }) => w.id)).toContain(created.body.id);
    const read = await callJson(`/cloud-agent/events/webhooks/${created.body.id}`, {
      key: null,
      headers,
    });
    expect(read.body).toEqual(created.body);
    const removed = await callJson(`/cloud-agent/events/webhooks/${created.body.id}`, {
      method: "DELETE",
      key: null,
      headers,
    });
    expect(removed.status).toBe(200);
    const gone = await callJson(`/events/webhooks/${created.body.id}`, { key: null, headers });
    expect(gone.status).toBe(404);
  });

  it("answers 401 without a key and 404 for another wallet's webhook there too", async () => {
    const owner = await newWallet();
    const other = await newWallet();
    const created = await callJson("/events/webhooks", {
      key: owner.apiKey,
      body: { url: "https://receiver.example.com/identus" },
    });
    expect((await callJson("/cloud-agent/events/webhooks", { key: null })).status).toBe(401);
    const foreign = await callJson(`/cloud-agent/events/webhooks/${created.body.id}`, {
      key: other.apiKey,
    });
    expect(foreign.status).toBe(404);
  });
});

describe("iGrant deliveries during a secret rotation", () => {
  it("sign X-iGrant-Signature with the new secret only, while webhook-signature carries both for 24 h", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, format: "igrant" });
    const rotated = await callJson(`/v1/webhooks/${hook.id}/secret/rotate`, {
      method: "POST",
      key: wallet.apiKey,
    });
    expect(rotated.status).toBe(200);
    await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "openid.credential.offer_sent", data: {} },
    });
    const [req] = await receiver.waitFor(1);
    const header = req!.headers["x-igrant-signature"]!;
    expect(header).toMatch(/^t=[^,]+,sig=[0-9a-f]{64}$/);
    expect(await verifyIgrant(header, req!.body, rotated.body.secret, Date.now())).toBe(true);
    expect(await verifyIgrant(header, req!.body, hook.secret, Date.now())).toBe(false);
    expect(req!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
  });
});
