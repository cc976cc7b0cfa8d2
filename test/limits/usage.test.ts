import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { deliveriesOf, eventually } from "../helpers/delivery-log";
import { newReceiver } from "../helpers/receiver";

// GET /v1/usage (the wallet's key) and GET /v1/wallets/{id}/usage (the admin): the wallet's
// counts against its limits, its traffic over 24 h and the bytes it keeps.

const TYPE = "openid.credential.offer_sent";

describe("the usage endpoints", () => {
  it("report a wallet's counts, traffic and stored bytes, the same to the wallet and the admin", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([], { status: 200, body: "thanks" });
    const hooks = [
      await newWebhook(wallet.apiKey, { url: receiver.url, eventTypes: [TYPE] }),
      await newWebhook(wallet.apiKey, { url: receiver.url, eventTypes: [TYPE] }),
    ];
    expect(
      (
        await callJson("/v1/event-types", {
          key: wallet.apiKey,
          body: { name: "acme.usage", description: "mine" },
        })
      ).status,
    ).toBe(201);
    await callJson(`/v1/wallets/${wallet.id}`, {
      method: "PATCH",
      body: { limits: { ingestPerSecond: 50, ingestBurst: 60 } },
    });
    const data = [{ n: 1 }, { n: 22 }, { n: 333 }];
    for (const d of data)
      expect(
        (await callJson("/v1/events", { key: wallet.apiKey, body: { type: TYPE, data: d } }))
          .status,
      ).toBe(202);
    await eventually("six deliveries to succeed", async () => {
      const all = (await Promise.all(hooks.map((h) => deliveriesOf(h.id)))).flat();
      return all.length === 6 && all.every((d) => d.status === "succeeded") ? all : null;
    });
    // The D1 mirror of attempts lags the object by up to a couple of seconds.
    await eventually("six attempts in D1", async () => {
      const row = await env.DB.prepare(
        "SELECT COUNT(*) AS n FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.wallet_id = ?",
      )
        .bind(wallet.id)
        .first<{ n: number }>();
      return row!.n === 6 ? true : null;
    });

    const mine = await callJson("/v1/usage", { key: wallet.apiKey });
    expect(mine.status).toBe(200);
    const eventBytes = data.reduce((sum, d) => sum + JSON.stringify(d).length, 0);
    expect(mine.body).toMatchObject({
      walletId: wallet.id,
      limits: { webhooks: 100, eventTypes: 200, ingestPerSecond: 50, ingestBurst: 60 },
      current: { webhooks: 2, eventTypes: 1, notifyUrlsToday: 0, streamListeners: 0 },
      remaining: { testSends: 10, doctorRuns: 6, recovers: 20 },
      last24h: { events: 3, deliveries: 6 },
      storedBytes: {
        events: eventBytes,
        attempts: 6 * "thanks".length,
        total: eventBytes + 6 * "thanks".length,
      },
    });
    expect(mine.body.remaining.ingest).toBeLessThanOrEqual(60);
    expect(mine.body.remaining.ingest).toBeGreaterThanOrEqual(57);

    const admin = await callJson(`/v1/wallets/${wallet.id}/usage`);
    expect(admin.status).toBe(200);
    expect({ ...admin.body, remaining: null }).toEqual({ ...mine.body, remaining: null });
    const viaQuery = await callJson(`/v1/usage?walletId=${wallet.id}`);
    expect(viaQuery.body.current).toEqual(mine.body.current);
  }, 60_000);

  it("refuse another wallet's usage to a wallet key (403) and an unknown wallet to the admin (404)", async () => {
    const [a, b] = [await newWallet(), await newWallet()];
    await expectProblem(await call(`/v1/usage?walletId=${b.id}`, { key: a.apiKey }), 403);
    await expectProblem(await call(`/v1/wallets/${b.id}/usage`, { key: a.apiKey }), 403);
    await expectProblem(await call("/v1/wallets/00000000-0000-4000-8000-00000000dead/usage"), 404);
  });
});
