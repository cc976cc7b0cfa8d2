import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { seal } from "../../src/domain/crypto/secret-box";
import { systemScope } from "../../src/repositories/scope";
import { updateWebhook } from "../../src/repositories/webhooks";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";
import { attemptsOf, deliveriesOf, eventually } from "../helpers/delivery-log";
import { newReceiver } from "../helpers/receiver";

const event = { type: "app.safety.check", data: {} };

/** Changes a stored webhook behind the API's back: what an older version or an operator left in D1. */
async function tamper(webhookId: string, changes: Parameters<typeof updateWebhook>[3]) {
  const row = await updateWebhook(database(env), systemScope(), webhookId, changes);
  expect(row).not.toBeNull();
}

/** Waits until every delivery of the webhook ended as failed, and returns them. */
async function failedDeliveries(webhookId: string, count: number) {
  return eventually(`${count} failed deliveries of ${webhookId}`, async () => {
    const rows = await deliveriesOf(webhookId);
    return rows.length === count && rows.every((r) => r.status === "failed") && rows;
  });
}

describe("credentials Herald sends in headers", () => {
  const bad = {
    "a CR/LF": "token\r\nX-Injected: 1",
    "a NUL": "token\u0000",
    "a tab": "tok\ten",
    "a zero-width space": "token\u200b",
    "an edge space": " token",
  };

  it("refuses bearerToken and apiKey with control or invisible characters at create and update", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    for (const [what, value] of Object.entries(bad)) {
      for (const field of ["bearerToken", "apiKey"]) {
        const created = await callJson("/v1/webhooks", {
          key: wallet.apiKey,
          body: { url: "https://receiver.example.com/h", [field]: value },
        });
        expect(created.status, `${field} with ${what}`).toBe(400);
        expect(created.body.errors[0].path).toBe(field);
        const patched = await call(`/v1/webhooks/${hook.id}`, {
          method: "PATCH",
          key: wallet.apiKey,
          body: { [field]: value },
        });
        expect(patched.status, `PATCH ${field} with ${what}`).toBe(400);
      }
    }
    const list = await callJson("/v1/webhooks", { key: wallet.apiKey });
    expect(list.body.data).toHaveLength(1);
  });

  it("refuses a notify target's bearerToken with a CR/LF", async () => {
    const wallet = await newWallet();
    const res = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { ...event, notify: { url: "https://n.example.com/x", bearerToken: bad["a CR/LF"] } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("notify.bearerToken");
  });

  it("fails a delivery whose stored token the runtime refuses once, with the reason, and the fifo moves on", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url, bearerToken: "good" });
    await tamper(hook.id, {
      bearerTokenEnc: await seal({ keys: [env.ENCRYPTION_KEY] }, bad["a CR/LF"]),
    });
    for (const id of ["h-1", "h-2"]) {
      expect(
        (await call("/v1/events", { key: wallet.apiKey, body: { ...event, id } })).status,
      ).toBe(202);
    }
    const failed = await failedDeliveries(hook.id, 2);
    for (const delivery of failed) {
      expect(delivery.attempt_count).toBe(1);
      const [attempt] = await attemptsOf(delivery.id);
      expect(attempt!.error).toMatch(/^the request could not be built/);
    }
    expect(await receiver.requests()).toHaveLength(0);
  });
});

describe("the destination is checked again at send time", () => {
  it("fails a delivery to a URL the rules refuse now, recording why, and sends nothing", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    // Credentials in the URL are refused under every setting, as a stored URL of an older version might hold.
    const withCredentials = receiver.url.replace("http://", "http://user:pw@");
    await tamper(hook.id, { url: withCredentials });
    await call("/v1/events", { key: wallet.apiKey, body: event });
    const [delivery] = await failedDeliveries(hook.id, 1);
    const [attempt] = await attemptsOf(delivery!.id);
    expect(attempt!.error).toBe(
      "refused at send time: URL must not contain a username or password",
    );
    expect(await receiver.requests()).toHaveLength(0);
  });
});
