import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { WebhookObject } from "../../src/delivery/webhook-object";
import { call, newWallet, newWebhook } from "../helpers/api";
import { heldDeliveries, objectOf } from "../helpers/objects";
import { newReceiver } from "../helpers/receiver";
import { eventually } from "../helpers/wait";

// The object reads MIRROR from its own env (the worker's bindings), so each test gives its
// webhook's object the setting before the first event reaches it.
type Internals = {
  env: Env;
  hook: { webhookId: string | null };
  mirror: { lastMirrorAt: number; flush(db: D1Database, webhookId: string | null): Promise<void> };
};

async function setMirror(webhookId: string, mirror: "all" | "terminal") {
  await runInDurableObject(objectOf(webhookId), (instance: WebhookObject) => {
    const inside = instance as unknown as Internals;
    inside.env = { ...env, MIRROR: mirror } as Env;
  });
}

/** Runs the object's mirror now (as its next alarm would once the 2 s interval has passed). */
async function mirrorNow(webhookId: string) {
  await runInDurableObject(objectOf(webhookId), async (instance: WebhookObject) => {
    const inside = instance as unknown as Internals;
    inside.mirror.lastMirrorAt = 0;
    await inside.mirror.flush(inside.env.DB, inside.hook.webhookId);
  });
}

async function inD1(webhookId: string) {
  const deliveries = await env.DB.prepare(
    "SELECT id, status, attempt_count FROM deliveries WHERE webhook_id = ?",
  )
    .bind(webhookId)
    .all<{ id: string; status: string; attempt_count: number }>();
  const attempts = await env.DB.prepare(
    "SELECT n, status_code FROM attempts WHERE webhook_id = ? ORDER BY n",
  )
    .bind(webhookId)
    .all<{ n: number; status_code: number }>();
  return { deliveries: deliveries.results, attempts: attempts.results };
}

/** A webhook whose first attempt fails (a retry 3 s later succeeds), in the given mirror mode. */
async function failingOnce(mirror: "all" | "terminal") {
  const wallet = await newWallet();
  const receiver = await newReceiver([{ status: 500 }]);
  const hook = await newWebhook(wallet.apiKey, {
    url: receiver.url,
    ordering: "fifo",
    retry: { schedule: [3] },
  });
  await setMirror(hook.id, mirror);
  const res = await call("/v1/events", {
    key: wallet.apiKey,
    body: { type: "t.mirror", data: {} },
  });
  expect(res.status).toBe(202);
  await receiver.waitFor(1);
  // The failed attempt is recorded in the object; the delivery waits for its retry.
  const [held] = await eventually(async () => {
    const rows = await heldDeliveries(hook.id);
    return rows[0]?.status === "pending" && rows[0].attempt_count === 1 ? rows : null;
  }, "the first attempt recorded");
  return { hook, receiver, deliveryId: held!.delivery_id };
}

describe("MIRROR", () => {
  it("all (the default): an open delivery and its attempts reach D1 before it ends", async () => {
    const { hook, receiver, deliveryId } = await failingOnce("all");
    await mirrorNow(hook.id);
    const open = await inD1(hook.id);
    expect(open.deliveries).toEqual([{ id: deliveryId, status: "pending", attempt_count: 1 }]);
    expect(open.attempts).toEqual([{ n: 1, status_code: 500 }]);
    await receiver.waitFor(2);
    await eventually(
      async () => (await heldDeliveries(hook.id))[0]?.status === "succeeded",
      "the retry recorded",
    );
    await mirrorNow(hook.id);
    expect((await inD1(hook.id)).deliveries[0]!.status).toBe("succeeded");
  }, 30_000);

  it("terminal: D1 holds nothing of a delivery until it ends, then its end state and every attempt", async () => {
    const { hook, receiver, deliveryId } = await failingOnce("terminal");
    await mirrorNow(hook.id);
    expect(await inD1(hook.id)).toEqual({ deliveries: [], attempts: [] });
    // The object still has it, and the alarm is not kept awake by what it will not mirror.
    await runInDurableObject(objectOf(hook.id), async (_instance, state) => {
      const outbox = state.storage.sql
        .exec<{ n: number }>("SELECT COUNT(*) AS n FROM attempt_outbox")
        .one().n;
      expect(outbox).toBe(1);
    });
    await receiver.waitFor(2);
    await eventually(
      async () => (await heldDeliveries(hook.id))[0]?.status === "succeeded",
      "the retry recorded",
    );
    await mirrorNow(hook.id);
    expect(await inD1(hook.id)).toEqual({
      deliveries: [{ id: deliveryId, status: "succeeded", attempt_count: 2 }],
      attempts: [
        { n: 1, status_code: 500 },
        { n: 2, status_code: 200 },
      ],
    });
    // GET /v1/deliveries/{id} reads D1: found once it ended.
    const res = await call(`/v1/deliveries/${deliveryId}`);
    expect(res.status).toBe(200);
  }, 30_000);

  it("refuses a MIRROR other than all or terminal", async () => {
    const res = await call("/v1/events", {
      body: { walletId: (await newWallet()).id, type: "t.mirror", data: {} },
      env: { MIRROR: "some" } as Partial<Env>,
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain("MIRROR");
  });
});
