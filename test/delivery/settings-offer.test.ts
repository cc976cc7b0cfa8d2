import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import type { WebhookRow } from "../../src/db/schema";
import { systemScope } from "../../src/repositories/scope";
import { findWebhook } from "../../src/repositories/webhooks";
import { call, newWallet, newWebhook } from "../helpers/api";
import { objectOf } from "../helpers/objects";
import { queuedEvent } from "../helpers/queue";
import { eventIdOf, newReceiver } from "../helpers/receiver";

// The consumer hands each webhook object the row it read for the hand-off, so a hundred objects
// starting at once do not read D1 a hundred times (README "Performance", S5). The row is
// trusted only for an object's first settings: a change notice, or settings already loaded,
// mean D1 decides. These tests give the object a row that differs from D1 in its URL, so
// where the delivery lands shows which one the object used.

async function rowOf(webhookId: string): Promise<WebhookRow> {
  const row = await findWebhook(database(env), systemScope(), webhookId);
  if (!row) throw new Error(`no webhook ${webhookId}`);
  return row;
}

describe("the webhook row a hand-off brings", () => {
  it("gives a newly started object its first settings, without reading the webhook again", async () => {
    const wallet = await newWallet();
    const inD1 = await newReceiver();
    const offered = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: inD1.url });
    const event = await queuedEvent(wallet.id, { type: "t.offer" });
    const row = { ...(await rowOf(hook.id)), url: offered.url };
    expect(await objectOf(hook.id).enqueue(hook.id, [event], row)).toBe(1);
    expect((await offered.waitFor(1)).map(eventIdOf)).toEqual([event.id]);
    expect(await inD1.requests()).toEqual([]);
  });

  it("is ignored once a change notice reached the object: D1's settings win", async () => {
    const wallet = await newWallet();
    const before = await newReceiver();
    const after = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: before.url });
    const stale = await rowOf(hook.id);
    // The PATCH writes D1, then tells the object, which starts and reloads.
    const res = await call(`/v1/webhooks/${hook.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { url: after.url },
    });
    expect(res.status).toBe(200);
    const event = await queuedEvent(wallet.id, { type: "t.offer" });
    expect(await objectOf(hook.id).enqueue(hook.id, [event], stale)).toBe(1);
    expect((await after.waitFor(1)).map(eventIdOf)).toEqual([event.id]);
    expect(await before.requests()).toEqual([]);
  });

  it("is ignored when it is another webhook's row", async () => {
    const wallet = await newWallet();
    const own = await newReceiver();
    const other = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: own.url });
    const otherHook = await newWebhook(wallet.apiKey, { url: other.url });
    const event = await queuedEvent(wallet.id, { type: "t.offer" });
    expect(await objectOf(hook.id).enqueue(hook.id, [event], await rowOf(otherHook.id))).toBe(1);
    expect((await own.waitFor(1)).map(eventIdOf)).toEqual([event.id]);
    expect(await other.requests()).toEqual([]);
  });

  it("is used only for the first settings: a later hand-off's row changes nothing", async () => {
    const wallet = await newWallet();
    const inD1 = await newReceiver();
    const elsewhere = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: inD1.url });
    const first = await queuedEvent(wallet.id, { type: "t.offer" });
    const second = await queuedEvent(wallet.id, { type: "t.offer" });
    const row = await rowOf(hook.id);
    expect(await objectOf(hook.id).enqueue(hook.id, [first], row)).toBe(1);
    await inD1.waitFor(1);
    const moved = { ...row, url: elsewhere.url };
    expect(await objectOf(hook.id).enqueue(hook.id, [second], moved)).toBe(1);
    expect((await inD1.waitFor(2)).map(eventIdOf)).toEqual([first.id, second.id]);
    expect(await elsewhere.requests()).toEqual([]);
  });
});
