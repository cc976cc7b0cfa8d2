import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, callJson, countWebhooks, expectProblem, newWallet } from "../helpers/api";

// Quotas: counts a wallet may hold. Over one, the answer is 409 with the problem type
// urn:herald:problem:quota-exceeded (waiting does not help, unlike a 429), and nothing is made.

const QUOTA = "urn:herald:problem:quota-exceeded";
const hookBody = (n: number) => ({ url: `https://receiver.example.com/hook/${n}` });

async function setLimits(walletId: string, limits: Record<string, number | null>) {
  const { status, body } = await callJson(`/v1/wallets/${walletId}`, {
    method: "PATCH",
    body: { limits },
  });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("the webhook quota", () => {
  it("refuses a wallet's 101st webhook by default with 409 quota-exceeded, on both surfaces, creating nothing", async () => {
    const wallet = await newWallet();
    for (let n = 0; n < 100; n++) {
      const { status } = await callJson("/v1/webhooks", { key: wallet.apiKey, body: hookBody(n) });
      expect(status).toBe(201);
    }
    const before = await countWebhooks();
    const refused = await call("/v1/webhooks", { key: wallet.apiKey, body: hookBody(100) });
    const problem = await expectProblem(refused, 409);
    expect(problem.type).toBe(QUOTA);
    expect(problem.detail).toMatch(/at most 100 webhooks/);
    await expectProblem(
      await call("/events/webhooks", { key: wallet.apiKey, body: hookBody(101) }),
      409,
    );
    expect(await countWebhooks()).toBe(before);

    // The admin raises this wallet's quota: one more fits, then the new limit holds.
    await setLimits(wallet.id, { webhooks: 101 });
    expect(
      (await callJson("/v1/webhooks", { key: wallet.apiKey, body: hookBody(102) })).status,
    ).toBe(201);
    await expectProblem(
      await call("/v1/webhooks", { key: wallet.apiKey, body: hookBody(103) }),
      409,
    );
  });

  it("follows an override that lowers the quota, and the default again once the override is removed", async () => {
    const wallet = await newWallet();
    const set = await setLimits(wallet.id, { webhooks: 1 });
    expect(set).toMatchObject({ limits: { webhooks: 1 }, overrides: { webhooks: 1 } });
    expect((await callJson("/v1/webhooks", { key: wallet.apiKey, body: hookBody(0) })).status).toBe(
      201,
    );
    await expectProblem(await call("/v1/webhooks", { key: wallet.apiKey, body: hookBody(1) }), 409);
    const cleared = await setLimits(wallet.id, { webhooks: null });
    expect(cleared.overrides).toEqual({});
    expect(cleared.limits.webhooks).toBe(100);
    expect((await callJson("/v1/webhooks", { key: wallet.apiKey, body: hookBody(1) })).status).toBe(
      201,
    );
  });
  it("holds under creates racing each other: of limit + 5 at once, exactly limit are made", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { webhooks: 3 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        call("/v1/webhooks", { key: wallet.apiKey, body: hookBody(n) }),
      ),
    );
    const made = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status !== 201);
    expect(made).toHaveLength(3);
    for (const r of refused) expect((await expectProblem(r, 409)).type).toBe(QUOTA);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhooks WHERE wallet_id = ?")
      .bind(wallet.id)
      .first<{ n: number }>();
    expect(row!.n).toBe(3);
  });
});

describe("the event-type quota", () => {
  it("refuses a registration past the wallet's eventTypes limit with 409 quota-exceeded", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { eventTypes: 2 });
    for (const name of ["acme.one", "acme.two"]) {
      const { status } = await callJson("/v1/event-types", {
        key: wallet.apiKey,
        body: { name, description: "mine" },
      });
      expect(status).toBe(201);
    }
    const refused = await call("/v1/event-types", {
      key: wallet.apiKey,
      body: { name: "acme.three", description: "mine" },
    });
    expect((await expectProblem(refused, 409)).type).toBe(QUOTA);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM event_types WHERE wallet_id = ?")
      .bind(wallet.id)
      .first<{ n: number }>();
    expect(row!.n).toBe(2);
  });

  it("holds under registrations racing each other: of limit + 5 at once, exactly limit are stored", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { eventTypes: 3 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        call("/v1/event-types", {
          key: wallet.apiKey,
          body: { name: `race.t${n}`, description: "mine" },
        }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of answers.filter((r) => r.status !== 201))
      expect((await expectProblem(r, 409)).type).toBe(QUOTA);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM event_types WHERE wallet_id = ?")
      .bind(wallet.id)
      .first<{ n: number }>();
    expect(row!.n).toBe(3);
  });

  it("still tells a repeated name from a full wallet", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { eventTypes: 1 });
    const body = { name: "acme.only", description: "mine" };
    expect((await callJson("/v1/event-types", { key: wallet.apiKey, body })).status).toBe(201);
    const again = await expectProblem(
      await call("/v1/event-types", { key: wallet.apiKey, body }),
      409,
    );
    expect(again.type).not.toBe(QUOTA);
    expect(again.detail).toMatch(/already registered/);
  });

  it("defaults to 200 per wallet", async () => {
    const wallet = await newWallet();
    const { body } = await callJson(`/v1/wallets/${wallet.id}/usage`);
    expect(body.limits.eventTypes).toBe(200);
    expect(body.limits.webhooks).toBe(100);
    expect(body.limits.notifyUrlsPerDay).toBe(1000);
    expect(body.limits.streamListeners).toBe(20);
  });
});

describe("the notify URL quota", () => {
  const event = (url: string) => ({
    type: "openid.credential.offer_sent",
    data: { n: 1 },
    notify: { url },
  });

  it("admits repeats of the day's URLs but refuses a new one past notifyUrlsPerDay, a batch whole", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { notifyUrlsPerDay: 2 });
    const post = (url: string) => call("/v1/events", { key: wallet.apiKey, body: event(url) });
    expect((await post("https://receiver.example.com/n/1")).status).toBe(202);
    expect((await post("https://receiver.example.com/n/2")).status).toBe(202);
    expect((await post("https://receiver.example.com/n/1")).status).toBe(202);
    const refused = await expectProblem(await post("https://receiver.example.com/n/3"), 409);
    expect(refused.type).toBe(QUOTA);
    expect(refused.detail).toMatch(/at most 2 distinct notify URLs/);
    const batch = await call("/v1/events/batch", {
      key: wallet.apiKey,
      body: {
        events: [
          event("https://receiver.example.com/n/2"),
          event("https://receiver.example.com/n/4"),
        ],
      },
    });
    await expectProblem(batch, 409);
    const usage = await callJson("/v1/usage", { key: wallet.apiKey });
    expect(usage.body.current.notifyUrlsToday).toBe(2);
  });
});
