import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import { claimDoctorRun, finishDoctorRun } from "../../src/repositories/doctor-runs";
import { walletScope } from "../../src/repositories/scope";
import { ADMIN_KEY, call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { settledDelivery } from "../helpers/delivery-log";
import { batchOf, consume, DEAD_LETTER_QUEUE, queuedEvent } from "../helpers/queue";
import { newReceiver } from "../helpers/receiver";
import {
  HIDDEN_ROUTES,
  isPublic,
  KEY_ROUTES,
  type KeyRoute,
  pathOf,
  type Resource,
  routeName,
  SESSION_ROUTES,
  SIGNED_ROUTES,
  servedRoutes,
  takesId,
} from "../helpers/routes";

/** A wallet with a webhook, a second API key and a registered event type: the ids routes point at. */
async function tenant() {
  const wallet = await newWallet("tenancy");
  // A loopback receiver: routes such as /test and /v1/events make real deliveries.
  const webhook = await newWebhook(wallet.apiKey, {
    bearerToken: "tenant-bearer",
    url: (await newReceiver()).url,
  });
  const extra = await callJson(`/v1/wallets/${wallet.id}/api-keys`, { method: "POST" });
  // Unique per tenant: another tenant's type of the same name would answer for it.
  const eventType = `tenant.type-${crypto.randomUUID().slice(0, 8)}`;
  const registered = await call("/v1/event-types", {
    method: "POST",
    key: wallet.apiKey,
    body: { name: eventType, description: "The tenant's own type" },
  });
  expect(registered.status).toBe(201);
  const t: Tenant = { wallet, webhook, keyId: extra.body.id as string, eventType };
  return t;
}

interface Tenant {
  wallet: { id: string; apiKey: string };
  webhook: { id: string };
  keyId: string;
  eventType: string;
  delivered?: Promise<{ eventId: string; deliveryId: string }>;
}

/** An event of the tenant delivered to its webhook (made once, on first need: it takes a delivery). */
function delivered(t: Tenant) {
  t.delivered ??= (async () => {
    const eventId = crypto.randomUUID();
    const accepted = await call("/v1/events", {
      method: "POST",
      key: t.wallet.apiKey,
      body: { id: eventId, type: "ConnectionUpdated", data: {} },
    });
    expect(accepted.status).toBe(202);
    const { delivery } = await settledDelivery(t.webhook.id, (d) => d.status === "succeeded");
    return { eventId, deliveryId: delivery.id };
  })();
  return t.delivered;
}

/** The route's path filled in with one tenant's ids. */
/** A fresh dead letter (an event message of the tenant's wallet, recorded by the DLQ consumer). */
async function deadLetter(walletId: string): Promise<string> {
  const event = await queuedEvent(walletId, { type: "credential.issued" });
  const batch = batchOf(DEAD_LETTER_QUEUE, [{ body: { kind: "event", event }, attempts: 11 }]);
  await consume(batch);
  return batch.messages[0]!.id;
}

async function target(route: KeyRoute, t: Tenant): Promise<string> {
  const ids: Record<Resource, () => Promise<string> | string> = {
    wallet: () => t.wallet.id,
    webhook: () => t.webhook.id,
    eventType: () => t.eventType,
    event: async () => (await delivered(t)).eventId,
    delivery: async () => (await delivered(t)).deliveryId,
    deadLetter: () => deadLetter(t.wallet.id),
  };
  const id = route.resource ? await ids[route.resource]() : undefined;
  // The stored doctor report exists once a run has ended: seed one instead of probing a receiver.
  if (route.method === "GET" && route.path === "/v1/webhooks/{id}/doctor") await doctorRan(t);
  return pathOf(route, { id, keyId: t.keyId });
}

async function doctorRan(t: Tenant): Promise<void> {
  const db = database(env);
  const scope = walletScope(t.wallet.id);
  const startedAt = new Date().toISOString();
  const run = { webhookId: t.webhook.id, walletId: t.wallet.id, startedAt };
  expect(await claimDoctorRun(db, scope, run, startedAt)).toBe(true);
  const report = {
    url: "https://receiver.example.com/hook",
    score: { passed: 0, total: 0 },
    results: [],
  };
  await finishDoctorRun(db, scope, t.webhook.id, report, new Date().toISOString());
}

async function send(
  route: KeyRoute,
  path: string,
  options: { key?: string | null; headers?: Record<string, string> } = {},
) {
  const response = await call(path, { method: route.method, body: route.body, ...options });
  // The live stream stays open: only its status matters here.
  if (response.headers.get("content-type")?.startsWith("text/event-stream"))
    await response.body?.cancel();
  return response;
}

const byName = (route: KeyRoute) => `${route.method} ${route.path}`;
const routes = KEY_ROUTES.map((route) => ({ ...route, name: byName(route) }));
const walletRoutes = routes.filter((route) => !route.admin);
const adminRoutes = routes.filter((route) => route.admin);

describe("the route table the suites walk", () => {
  const names = servedRoutes().map(routeName);

  it("is read from the app, so every served route is public, signed or key-protected", () => {
    const keyed = new Set(KEY_ROUTES.map(routeName));
    for (const name of names) {
      const [method, path] = name.split(" ");
      const route = { method: method as "GET", path: path! };
      const elsewhere = SIGNED_ROUTES.includes(name) || SESSION_ROUTES.includes(name);
      expect(isPublic(route) || elsewhere || keyed.has(name), name).toBe(true);
    }
    // The routes the hand-kept list had missed are covered now.
    expect([...keyed]).toEqual(
      expect.arrayContaining([
        "GET /v1/deliveries/{id}",
        "POST /v1/deliveries/{id}/retry",
        "GET /v1/events/{id}",
        "GET /v1/events/stream",
        "POST /v1/event-types",
        "GET /v1/event-types/{name}",
        "DELETE /v1/event-types/{name}",
        "POST /v1/ingest/identus",
      ]),
    );
    expect(names).toEqual(
      expect.arrayContaining([...SIGNED_ROUTES, ...SESSION_ROUTES, ...HIDDEN_ROUTES]),
    );
  });

  it("allows exactly health and the API's description without a key", async () => {
    const open = servedRoutes().filter(isPublic);
    expect(open.map(routeName)).toEqual(
      expect.arrayContaining(["GET /health", "GET /openapi.json", "GET /docs"]),
    );
    for (const route of open) {
      const response = await call(route.path.replace(/\{\w+\}/, "index.css"), { key: null });
      expect(response.status, routeName(route)).not.toBe(401);
      await response.body?.cancel();
    }
  });

  it("refuses the signed iGrant route without its signature", async () => {
    for (const name of SIGNED_ROUTES) {
      const [method, path] = name.split(" ");
      await expectProblem(await call(path!, { method, key: null, body: {} }), 401);
    }
  });
});

describe("every key-protected route", () => {
  it.each(routes)("$name answers 401 without a key", async (route) => {
    const t = await tenant();
    const problem = await expectProblem(
      await send(route, await target(route, t), { key: null }),
      401,
    );
    expect(problem.detail).toMatch(/key/i);
  });

  it.each(routes)("$name answers 401 for a key Herald never issued", async (route) => {
    const t = await tenant();
    await expectProblem(
      await send(route, await target(route, t), { key: "hwk_not-a-real-key-0000000000000000" }),
      401,
    );
  });

  it.each(routes)("$name answers 401 for a revoked key", async (route) => {
    const t = await tenant();
    const issued = await callJson(`/v1/wallets/${t.wallet.id}/api-keys`, { method: "POST" });
    expect(
      (await call(`/v1/wallets/${t.wallet.id}/api-keys/${issued.body.id}`, { method: "DELETE" }))
        .status,
    ).toBe(204);
    await expectProblem(
      await send(route, await target(route, t), { key: issued.body.apiKey }),
      401,
    );
  });

  it.each(routes)("$name refuses a key in the query string with 400", async (route) => {
    const t = await tenant();
    const path = await target(route, t);
    for (const key of [t.wallet.apiKey, ADMIN_KEY]) {
      const problem = await expectProblem(
        await send(route, `${path}?apiKey=${encodeURIComponent(key)}`, { key: null }),
        400,
      );
      expect(problem.detail).toMatch(/query string/);
      expect(JSON.stringify(problem)).not.toContain(key);
    }
  });

  it.each(routes)(
    "$name accepts its key as Authorization: Bearer, apiKey and X-API-Key",
    async (route) => {
      for (const header of ["authorization", "apikey", "x-api-key"]) {
        // A fresh tenant per header: DELETE routes consume what they are pointed at.
        const t = await tenant();
        const key = route.admin ? ADMIN_KEY : t.wallet.apiKey;
        const value = header === "authorization" ? `Bearer ${key}` : key;
        const response = await send(route, await target(route, t), {
          key: null,
          headers: { [header]: value },
        });
        expect(
          response.status,
          `${header}: ${await response.clone().text()}`,
        ).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(300);
      }
    },
  );
});

describe("another wallet's resources", () => {
  it.each(walletRoutes.filter(takesId))(
    "$name answers 404 for another wallet's resource, and their webhook stays unchanged",
    async (route) => {
      const mine = await tenant();
      const theirs = await tenant();
      const snapshot = async () => ({
        webhook: (
          await callJson(`/v1/webhooks/${theirs.webhook.id}`, { key: theirs.wallet.apiKey })
        ).body,
        secret: (
          await callJson(`/v1/webhooks/${theirs.webhook.id}/secret`, { key: theirs.wallet.apiKey })
        ).body,
      });
      const before = await snapshot();
      expect(before.webhook.id).toBe(theirs.webhook.id);

      const problem = await expectProblem(
        await send(route, await target(route, theirs), { key: mine.wallet.apiKey }),
        404,
      );
      expect(problem.title).toBe("Not found");
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(adminRoutes)("$name answers 403 to a wallet key", async (route) => {
    const t = await tenant();
    const problem = await expectProblem(
      await send(route, await target(route, t), { key: t.wallet.apiKey }),
      403,
    );
    expect(problem.detail).toMatch(/admin/);
    // The wallet and its key are still there afterwards.
    expect((await call(`/v1/wallets/${t.wallet.id}`)).status).toBe(200);
    expect((await call("/v1/webhooks", { key: t.wallet.apiKey })).status).toBe(200);
  });
});

/** Every webhook id a caller can list, across all pages. */
async function listAll(key: string, prefix = "/v1/webhooks?limit=100"): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | null = null;
  do {
    const { status, body }: { status: number; body: any } = await callJson(
      cursor ? `${prefix}&cursor=${cursor}` : prefix,
      { key },
    );
    expect(status).toBe(200);
    all.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return all;
}

describe("who sees which webhooks", () => {
  it("shows the admin key every wallet's webhooks and the global ones", async () => {
    const a = await tenant();
    const b = await tenant();
    const global = await newWebhook(ADMIN_KEY, { description: "global" });
    expect(global.walletId).toBeNull();
    const ids = (await listAll(ADMIN_KEY)).map((w) => w.id);
    expect(ids).toEqual(expect.arrayContaining([a.webhook.id, b.webhook.id, global.id]));
    expect((await call(`/v1/webhooks/${a.webhook.id}`)).status).toBe(200);
  });

  it("lets the admin narrow the list to one wallet or to the global webhooks", async () => {
    const a = await tenant();
    await tenant();
    const global = await newWebhook(ADMIN_KEY, { description: "global" });
    const walletOnly = await listAll(ADMIN_KEY, `/v1/webhooks?limit=100&walletId=${a.wallet.id}`);
    expect(walletOnly.map((w) => w.id)).toEqual([a.webhook.id]);
    const globals = await listAll(ADMIN_KEY, "/v1/webhooks?limit=100&walletId=global");
    expect(globals.map((w) => w.id)).toContain(global.id);
    expect(globals.every((w) => w.walletId === null)).toBe(true);
  });

  it("shows a wallet key only its own webhooks, not other wallets' nor the global ones", async () => {
    const a = await tenant();
    const second = await newWebhook(a.wallet.apiKey, { description: "second" });
    const b = await tenant();
    const global = await newWebhook(ADMIN_KEY, { description: "global" });

    const listed = await listAll(a.wallet.apiKey);
    expect(listed.map((w) => w.id)).toEqual([a.webhook.id, second.id]);
    expect(listed.every((w) => w.walletId === a.wallet.id)).toBe(true);
    // Asking for someone else's list is refused (403), as naming another wallet is everywhere.
    await expectProblem(
      await call(`/v1/webhooks?limit=100&walletId=${b.wallet.id}`, { key: a.wallet.apiKey }),
      403,
    );
    await expectProblem(await call(`/v1/webhooks/${global.id}`, { key: a.wallet.apiKey }), 404);

    const identus = await callJson("/events/webhooks", { key: a.wallet.apiKey });
    expect(identus.body.contents.map((w: any) => w.id)).toEqual([a.webhook.id, second.id]);
  });
});

/** What a key of one scope may call, written out independently of src/domain/key-scopes.ts. */
function scopeMayCall(scope: "ingest" | "read", route: KeyRoute): boolean {
  if (scope === "read") return route.method === "GET" && !route.path.endsWith("/secret");
  return (
    route.method === "POST" &&
    (route.path === "/v1/events" ||
      route.path === "/v1/events/batch" ||
      route.path.startsWith("/v1/ingest/"))
  );
}

/** A key of the tenant's wallet limited to one scope. */
async function scopedKey(t: Tenant, scope: "ingest" | "read"): Promise<string> {
  const issued = await callJson(`/v1/wallets/${t.wallet.id}/api-keys`, {
    body: { scopes: [scope], name: `${scope} only` },
  });
  expect(issued.status).toBe(201);
  expect(issued.body.scopes).toEqual([scope]);
  return issued.body.apiKey as string;
}

describe("least-privilege keys: every route x scope", () => {
  const cases = walletRoutes.flatMap((route) =>
    (["ingest", "read"] as const).map((scope) => ({
      ...route,
      scope,
      allowed: scopeMayCall(scope, route),
    })),
  );

  it.each(cases)("$name with an $scope key: allowed $allowed", async (route) => {
    const t = await tenant();
    const key = await scopedKey(t, route.scope);
    const path = await target(route, t);
    const response = await send(route, path, { key });
    if (route.allowed) {
      expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(300);
      return;
    }
    const problem = await expectProblem(response, 403);
    const needed = scopeMayCall("ingest", route)
      ? "ingest"
      : scopeMayCall("read", route)
        ? "read"
        : "manage";
    expect(problem.detail).toContain(`lacks the "${needed}" scope`);
    // Nothing changed: the tenant's webhook and key still answer as before.
    expect((await call(`/v1/webhooks/${t.webhook.id}`, { key: t.wallet.apiKey })).status).toBe(200);
  });

  it("names the scope a refused request needs", async () => {
    const t = await tenant();
    const ingestOnly = await scopedKey(t, "ingest");
    const problem = await expectProblem(await call("/v1/webhooks", { key: ingestOnly }), 403);
    expect(problem.detail).toBe('This API key lacks the "read" scope that GET /v1/webhooks needs');
    const readOnly = await scopedKey(t, "read");
    const secret = await expectProblem(
      await call(`/v1/webhooks/${t.webhook.id}/secret`, { key: readOnly }),
      403,
    );
    expect(secret.detail).toContain('"manage"');
  });

  it("refuses an expiry in the past at issue with 400, and lists scopes, name and expiry", async () => {
    const t = await tenant();
    const past = await callJson(`/v1/wallets/${t.wallet.id}/api-keys`, {
      body: { expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body.errors)).toContain("expiresAt");
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const issued = await callJson(`/v1/wallets/${t.wallet.id}/api-keys`, {
      body: { scopes: ["read", "ingest"], name: "agent", expiresAt },
    });
    expect(issued.body).toMatchObject({ scopes: ["read", "ingest"], name: "agent", expiresAt });
    const listed = await callJson(`/v1/wallets/${t.wallet.id}/api-keys`);
    expect(listed.body.data.find((k: any) => k.id === issued.body.id)).toMatchObject({
      scopes: ["read", "ingest"],
      name: "agent",
      expiresAt,
    });
  });
});
