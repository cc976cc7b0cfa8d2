import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { webhookMessageId } from "../../src/domain/signing/webhook-id";
import { callJson, newWallet, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";

describe("end-to-end delivery", () => {
  it("delivers an accepted event to the webhook, signed per Standard Webhooks", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    const accepted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "openid.credential.offer_sent", data: { offerId: "o-1" } },
    });
    expect(accepted.status).toBe(202);
    const [req] = await receiver.waitFor(1);
    expect(req!.method).toBe("POST");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["webhook-id"]).toBe(await webhookMessageId(wallet.id, accepted.body.id));
    const payload = new Webhook(hook.secret).verify(req!.body, req!.headers) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({
      id: accepted.body.id,
      type: "openid.credential.offer_sent",
      walletId: wallet.id,
      data: { offerId: "o-1" },
    });
  });
});
