import { describe, expect, it } from "vitest";
import { webhookMessageId } from "../../src/domain/signing/webhook-id";
import { ADMIN_KEY, callJson, newWallet, newWebhook } from "../helpers/api";
import { eventIdOf, newReceiver } from "../helpers/receiver";

describe("webhook-id", () => {
  it("differs for two wallets' events with the same id at one global receiver, the body keeping each id", async () => {
    const receiver = await newReceiver();
    const type = `app.${crypto.randomUUID().slice(0, 8)}.shared`;
    await newWebhook(ADMIN_KEY, { url: receiver.url, eventTypes: [`${type.slice(0, -7)}.*`] });
    const alice = await newWallet("alice");
    const bob = await newWallet("bob");
    for (const wallet of [alice, bob]) {
      const res = await callJson("/v1/events", {
        key: wallet.apiKey,
        body: { id: "order-1", type, data: {} },
      });
      expect(res.status).toBe(202);
    }
    const requests = await receiver.waitFor(2);
    const ids = new Set(requests.map((r) => r.headers["webhook-id"]));
    expect(ids).toEqual(
      new Set([
        await webhookMessageId(alice.id, "order-1"),
        await webhookMessageId(bob.id, "order-1"),
      ]),
    );
    expect(requests.map(eventIdOf)).toEqual(["order-1", "order-1"]);
  });

  it("is evt_ and 32 hex digits, a function of (wallet, event) only", async () => {
    const id = await webhookMessageId("w-1", "e-1");
    expect(id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(await webhookMessageId("w-1", "e-1")).toBe(id);
    expect(await webhookMessageId("w-2", "e-1")).not.toBe(id);
    // The separator keeps ("w-1\n", "e") and ("w-1", "\ne")-style pairs apart from ("w-1e", …).
    expect(await webhookMessageId("w-1e", "-1")).not.toBe(await webhookMessageId("w-1", "e-1"));
  });
});
