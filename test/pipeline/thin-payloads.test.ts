import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { mintEventToken } from "../../src/domain/crypto/event-link-token";
import { call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";

const TEST_ENCRYPTION_KEY = "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=";
const TYPE = "openid.credential.offer_sent";

async function send(apiKey: string, data: Record<string, unknown>, subject?: string) {
  const accepted = await callJson("/v1/events", {
    key: apiKey,
    body: { type: TYPE, data, ...(subject ? { subject } : {}) },
  });
  expect(accepted.status).toBe(202);
  return accepted.body.id as string;
}

/** The path and query of an href, for the in-process API. */
const pathOf = (href: string) => {
  const url = new URL(href);
  return url.pathname + url.search;
};

/** A thin delivery and what it points at. */
async function thinDelivery(fields: Record<string, unknown> = {}) {
  const wallet = await newWallet();
  const receiver = await newReceiver();
  const hook = await newWebhook(wallet.apiKey, { url: receiver.url, payload: "thin", ...fields });
  const eventId = await send(wallet.apiKey, { credential: { claims: { name: "Ada" } } }, "offer-7");
  const [req] = await receiver.waitFor(1);
  return { wallet, receiver, hook, eventId, req: req!, body: JSON.parse(req!.body) };
}

describe("thin payloads", () => {
  it("carry where the event is, never its data", async () => {
    const { wallet, hook, eventId, req, body } = await thinDelivery();
    expect(hook.payload).toBe("thin");
    expect(Object.keys(body)).toEqual(["id", "type", "walletId", "subject", "timestamp", "href"]);
    expect(body).toMatchObject({
      id: eventId,
      type: TYPE,
      walletId: wallet.id,
      subject: "offer-7",
    });
    expect(body.data).toBeUndefined();
    expect(req.body).not.toContain("Ada");
    expect(body.href).toMatch(
      new RegExp(`^http://herald\\.test/v1/events/${eventId}\\?token=[A-Za-z0-9._-]+$`),
    );
    // Signed like any delivery, over the body as sent.
    expect(new Webhook(hook.secret).verify(req.body, req.headers)).toEqual(body);
  });

  it("link to the full event for the wallet's key and for the link's token, for an hour", async () => {
    const { wallet, eventId, body } = await thinDelivery();
    const withKey = await callJson(`/v1/events/${eventId}`, { key: wallet.apiKey });
    expect(withKey.status).toBe(200);
    expect(withKey.body.data).toEqual({ credential: { claims: { name: "Ada" } } });

    const withToken = await callJson(pathOf(body.href), { key: null });
    expect(withToken.status).toBe(200);
    expect(withToken.body).toMatchObject({
      id: eventId,
      walletId: wallet.id,
      data: { credential: { claims: { name: "Ada" } } },
    });
    // A link's holder reads the event, not the wallet's other deliveries of it.
    expect(withToken.body.deliveries).toBeUndefined();

    const expiresSec = Number(new URL(body.href).searchParams.get("token")!.split(".")[1]);
    const remaining = expiresSec * 1000 - Date.now();
    expect(remaining).toBeGreaterThan(58 * 60_000);
    expect(remaining).toBeLessThanOrEqual(60 * 60_000);
  });

  it("are not readable with another wallet's key, nor with a token for another event", async () => {
    const { eventId, body } = await thinDelivery();
    const stranger = await newWallet();
    await expectProblem(await call(`/v1/events/${eventId}`, { key: stranger.apiKey }), 404);
    await expectProblem(await call(`/v1/events/${eventId}`, { key: null }), 401);

    const token = new URL(body.href).searchParams.get("token")!;
    const otherEvent = await send(stranger.apiKey, { n: 1 });
    await expectProblem(await call(`/v1/events/${otherEvent}?token=${token}`, { key: null }), 401);
  });

  it("refuse an expired, forged or foreign-keyed token with 401", async () => {
    const { wallet, eventId, body } = await thinDelivery();
    const token = new URL(body.href).searchParams.get("token")!;
    const [walletId, expires, mac] = token.split(".") as [string, string, string];
    const expired = await mintEventToken(
      TEST_ENCRYPTION_KEY,
      wallet.id,
      eventId,
      Math.floor(Date.now() / 1000) - 1,
    );
    // The same claims under a key that is not Herald's.
    const foreign = await mintEventToken(
      btoa("an-attacker-chosen-key-32-bytes!"),
      wallet.id,
      eventId,
      Number(expires),
    );
    const flipped = `${mac[0] === "A" ? "B" : "A"}${mac.slice(1)}`;
    const rows = [
      expired,
      foreign,
      `${walletId}.${expires}.${flipped}`,
      `${walletId}.${Number(expires) + 3600}.${mac}`,
      `${crypto.randomUUID()}.${expires}.${mac}`,
      "garbage",
    ];
    for (const bad of rows) {
      const problem = await expectProblem(
        await call(`/v1/events/${eventId}?token=${encodeURIComponent(bad)}`, { key: null }),
        401,
      );
      expect(problem.detail).toMatch(/token/);
    }
    // The genuine token still works: the refusals above were about the tokens.
    expect((await call(pathOf(body.href), { key: null })).status).toBe(200);
  });

  it("get a fresh token on every attempt, each signed as sent", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 500 }]);
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      payload: "thin",
      retry: { schedule: [1] },
    });
    await send(wallet.apiKey, { n: 1 });
    const [first, second] = await receiver.waitFor(2);
    const expiry = (raw: string) =>
      Number(new URL(JSON.parse(raw).href).searchParams.get("token")!.split(".")[1]);
    // The retry waited at least a second, so its token expires at least a second later.
    expect(expiry(second!.body)).toBeGreaterThan(expiry(first!.body));
    for (const req of [first!, second!]) {
      expect(new Webhook(hook.secret).verify(req.body, req.headers)).toEqual(JSON.parse(req.body));
      expect((await call(pathOf(JSON.parse(req.body).href), { key: null })).status).toBe(200);
    }
  });

  it("are refused with formats whose receivers parse a fixed shape", async () => {
    const wallet = await newWallet();
    for (const format of ["waltid", "proven", "acapy", "identus", "igrant"]) {
      const problem = await expectProblem(
        await call("/v1/webhooks", {
          key: wallet.apiKey,
          body: { url: "https://receiver.example.com/x", format, payload: "thin" },
        }),
        400,
      );
      expect(problem.errors).toEqual([
        {
          path: "payload",
          message: expect.stringMatching(/only available with the standard format/),
        },
      ]);
    }
    const thin = await newWebhook(wallet.apiKey, { payload: "thin" });
    const problem = await expectProblem(
      await call(`/v1/webhooks/${thin.id}`, {
        method: "PATCH",
        key: wallet.apiKey,
        body: { format: "waltid" },
      }),
      400,
    );
    expect(problem.errors[0].path).toBe("format");
    const unchanged = await callJson(`/v1/webhooks/${thin.id}`, { key: wallet.apiKey });
    expect(unchanged.body).toMatchObject({ format: "standard", payload: "thin" });
  });
});

describe("redact", () => {
  it('sends "[redacted]" where the pointers point and keeps the stored event intact', async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      redact: ["/data/credential/claims", "/data/holders/1", "/data/a~1b", "/data/missing/x"],
    });
    expect(hook.redact).toHaveLength(4);
    const data = {
      credential: { type: "EmailCredential", claims: { email: "ada@example.com" } },
      holders: ["did:example:1", "did:example:2"],
      "a/b": "slash",
      kept: true,
    };
    const eventId = await send(wallet.apiKey, data);
    const [req] = await receiver.waitFor(1);
    const sent = new Webhook(hook.secret).verify(req!.body, req!.headers) as any;
    expect(sent.data).toEqual({
      credential: { type: "EmailCredential", claims: "[redacted]" },
      holders: ["did:example:1", "[redacted]"],
      "a/b": "[redacted]",
      kept: true,
    });
    expect(req!.body).not.toContain("ada@example.com");
    const stored = await callJson(`/v1/events/${eventId}`, { key: wallet.apiKey });
    expect(stored.body.data).toEqual(data);
  });

  it("redacts in the agent formats too, as they carry the event's data", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, {
      url: receiver.url,
      format: "proven",
      redact: ["/data/credential/claims"],
    });
    await send(wallet.apiKey, { credential: { claims: { email: "ada@example.com" } } });
    const [req] = await receiver.waitFor(1);
    expect(JSON.parse(req!.body).webhook.credential).toEqual({ claims: "[redacted]" });
  });

  it("is refused beside a thin payload, which has no data to redact", async () => {
    const wallet = await newWallet();
    const problem = await expectProblem(
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: { url: "https://receiver.example.com/x", payload: "thin", redact: ["/data/a/b"] },
      }),
      400,
    );
    expect(problem.errors[0]).toMatchObject({ path: "redact" });
  });
});
