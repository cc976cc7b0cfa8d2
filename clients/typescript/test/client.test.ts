import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKey, heraldUrl } from "../../../test/node/helpers/herald.ts";
import {
  createHeraldClient,
  type HeraldClient,
  type HeraldEventOf,
  verifyWebhook,
  WebhookVerificationError,
} from "../src/index.ts";
import { type Received, startReceiver } from "./receiver.ts";

// The client against Herald started as `npm start` starts it, with a real loopback receiver:
// every call below goes through the generated types and openapi-fetch, nothing hand-written.

// A catalog type a wallet may post (`herald.*` types are Herald's own and refused on ingest).
const TYPE = "ConnectionUpdated";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let wallet: HeraldClient;
let webhook: { id: string; secret: string };
let eventId: string;
let delivery: Received;

beforeAll(async () => {
  receiver = await startReceiver();
  const admin = createHeraldClient({ baseUrl: `${heraldUrl()}/`, apiKey: adminKey() });
  const created = await admin.POST("/v1/wallets", { body: { name: "client test wallet" } });
  expect(created.error).toBeUndefined();
  wallet = createHeraldClient({ baseUrl: heraldUrl(), apiKey: created.data!.apiKey });
});

afterAll(async () => {
  await receiver?.close();
});

/** Polls the delivery until Herald has recorded its outcome (delivery runs in the background). */
async function settledDelivery(webhookId: string, id: string) {
  for (;;) {
    const log = await wallet.GET("/v1/webhooks/{id}/deliveries", {
      params: { path: { id: webhookId } },
    });
    expect(log.error).toBeUndefined();
    const found = log.data!.data.find((d) => d.eventId === id);
    if (found && found.status !== "pending" && found.status !== "sending") return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the typed client against the Worker", () => {
  it("creates a webhook, posts an event and reads its delivery", async () => {
    const created = await wallet.POST("/v1/webhooks", {
      body: { url: receiver.url, eventTypes: [TYPE], description: "client test" },
    });
    expect(created.response.status).toBe(201);
    webhook = { id: created.data!.id, secret: created.data!.secret };
    expect(webhook.secret).toMatch(/^whsec_/);

    const example = await wallet.GET("/v1/event-types/{name}", {
      params: { path: { name: TYPE } },
    });
    expect(example.data!.name).toBe(TYPE);
    const posted = await wallet.POST("/v1/events", {
      body: { type: TYPE, data: example.data!.example! },
    });
    expect(posted.response.status).toBe(202);
    eventId = posted.data!.id;

    delivery = await receiver.next();
    const settled = await settledDelivery(webhook.id, eventId);
    expect(settled).toMatchObject({ webhookId: webhook.id, eventType: TYPE, status: "succeeded" });

    const read = await wallet.GET("/v1/deliveries/{id}", { params: { path: { id: settled.id } } });
    expect(read.data!.attempts).toEqual([expect.objectContaining({ n: 1, statusCode: 200 })]);
  });

  it("verifies the real delivery with verifyWebhook and returns the typed event", async () => {
    const event = await verifyWebhook(webhook.secret, delivery.body, delivery.headers);
    expect(event).toMatchObject({ id: eventId, type: TYPE });
    if (event.type === TYPE) {
      // Narrowed by the discriminated union: `data` is the catalog's schema for this type.
      const data: HeraldEventOf<typeof TYPE>["data"] = event.data;
      expect(data.connectionId).toEqual(expect.any(String));
      expect(data.state).toEqual(expect.any(String));
    }
  });

  it("refuses the real delivery with a changed body, an old timestamp or another secret", async () => {
    const reasonOf = (promise: Promise<unknown>) =>
      promise.then(
        () => "verified",
        (error: unknown) => (error as WebhookVerificationError).reason,
      );
    const tampered = Buffer.from(delivery.body.toString("utf8").replace(TYPE, "x.tampered.type"));
    expect(await reasonOf(verifyWebhook(webhook.secret, tampered, delivery.headers))).toBe(
      "invalid_signature",
    );
    const sentAt = Number(delivery.headers["webhook-timestamp"]) * 1000;
    expect(
      await reasonOf(
        verifyWebhook(webhook.secret, delivery.body, delivery.headers, {
          now: sentAt + 301_000,
        }),
      ),
    ).toBe("timestamp_too_old");
    const other = await wallet.POST("/v1/webhooks", { body: { url: receiver.url } });
    expect(await reasonOf(verifyWebhook(other.data!.secret, delivery.body, delivery.headers))).toBe(
      "invalid_signature",
    );
    await expect(
      verifyWebhook(other.data!.secret, delivery.body, delivery.headers),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it("returns Herald's problem document as error on a failing call, without throwing", async () => {
    const missing = await wallet.GET("/v1/webhooks/{id}", {
      params: { path: { id: "00000000-0000-7000-8000-000000000000" } },
    });
    expect(missing.data).toBeUndefined();
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ status: 404, title: expect.any(String) });

    const wrongKey = createHeraldClient({ baseUrl: heraldUrl(), apiKey: "not-a-key" });
    const refused = await wrongKey.GET("/v1/webhooks", {});
    expect(refused.response.status).toBe(401);
  });
});
