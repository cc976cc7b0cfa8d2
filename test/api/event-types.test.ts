import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { isValidSchema, validate } from "../../src/domain/json-schema";
import {
  ADMIN_KEY,
  call,
  callJson,
  countWebhooks,
  expectProblem,
  newWallet,
  newWebhook,
} from "../helpers/api";
import { SEED_TYPES } from "../helpers/seed-event-types";

const badge = {
  name: "acme.badge.issued",
  description: "A conference badge was issued",
  schema: {
    type: "object",
    required: ["badgeId", "holder"],
    properties: {
      badgeId: { type: "string", minLength: 1 },
      holder: { type: "object", properties: { age: { type: "integer", minimum: 0 } } },
    },
  },
  example: { badgeId: "b-1", holder: { age: 30 } },
};

async function register(apiKey: string, body: Record<string, unknown> = badge) {
  return callJson("/v1/event-types", { key: apiKey, body });
}

async function registered(apiKey: string, body: Record<string, unknown> = badge) {
  const { status, body: created } = await register(apiKey, body);
  expect(status, JSON.stringify(created)).toBe(201);
  return created;
}

const names = (list: { data: { name: string }[] }) => list.data.map((t) => t.name);

describe("the event-type catalog", () => {
  it("lists every seed type with a description, source, schema and example", async () => {
    const wallet = await newWallet();
    const { status, body } = await callJson("/v1/event-types", { key: wallet.apiKey });
    expect(status).toBe(200);
    for (const [source, seedNames] of Object.entries(SEED_TYPES)) {
      for (const name of seedNames) {
        const entry = body.data.find((t: any) => t.name === name);
        expect(entry, name).toMatchObject({
          name,
          source,
          description: expect.any(String),
          deprecated: expect.any(Boolean),
          schema: expect.any(Object),
          example: expect.any(Object),
        });
      }
    }
    expect(
      body.data
        .filter((t: any) => t.deprecated)
        .map((t: any) => t.name)
        .sort(),
    ).toEqual([
      "openid.presentation.presentation_acked",
      "openid.presentation.request_received",
      "openid.presentation.request_sent",
    ]);
  });

  it("serves for every built-in a valid JSON Schema that its own example satisfies", async () => {
    const wallet = await newWallet();
    const { body } = await callJson("/v1/event-types", { key: wallet.apiKey });
    expect(body.data.length).toBe(Object.values(SEED_TYPES).flat().length);
    for (const entry of body.data) {
      expect(isValidSchema(entry.schema), entry.name).toEqual({ valid: true, errors: [] });
      expect(validate(entry.schema, entry.example), entry.name).toEqual({
        valid: true,
        errors: [],
      });
    }
  });

  it("filters by source", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey);
    const igrant = (await callJson("/v1/event-types?source=igrant", { key: wallet.apiKey })).body;
    expect(names(igrant).sort()).toEqual([...SEED_TYPES.igrant!].sort());
    const own = (await callJson("/v1/event-types?source=wallet", { key: wallet.apiKey })).body;
    expect(names(own)).toEqual([badge.name]);
    const problem = await expectProblem(
      await call("/v1/event-types?source=nobody", { key: wallet.apiKey }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ path: "source" })]);
  });

  it("reads one built-in type, and answers 404 for a name it does not know", async () => {
    const wallet = await newWallet();
    const { status, body } = await callJson("/v1/event-types/connection:completed", {
      key: wallet.apiKey,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: "connection:completed",
      source: "proven",
      deprecated: false,
    });
    expect(body.example.connection_id).toBe("13eeacd4-0c4e-495e-81cc-d66c6eeb8545");
    await expectProblem(await call("/v1/event-types/no.such.type", { key: wallet.apiKey }), 404);
  });

  it("needs a key", async () => {
    await expectProblem(await call("/v1/event-types", { key: null }), 401);
    await expectProblem(await call("/v1/event-types", { key: null, body: badge }), 401);
  });

  it("shows the admin the built-ins, and a wallet's own types when asked for that wallet", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey);
    expect(names((await callJson("/v1/event-types")).body)).not.toContain(badge.name);
    const narrowed = (await callJson(`/v1/event-types?walletId=${wallet.id}`)).body;
    expect(narrowed.data.at(-1)).toMatchObject({ name: badge.name, source: "wallet" });
    expect((await callJson(`/v1/event-types/${badge.name}?walletId=${wallet.id}`)).status).toBe(
      200,
    );
    expect((await callJson(`/v1/event-types/${badge.name}`)).status).toBe(404);
  });
});

describe("a wallet's own event types", () => {
  it("are registered, listed after the built-ins, read and deleted", async () => {
    const wallet = await newWallet();
    const created = await registered(wallet.apiKey, { ...badge, validateIngest: true });
    expect(created).toEqual({
      ...badge,
      source: "wallet",
      deprecated: false,
      validateIngest: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const list = (await callJson("/v1/event-types", { key: wallet.apiKey })).body;
    expect(list.data.at(-1)).toEqual(created);
    expect((await callJson(`/v1/event-types/${badge.name}`, { key: wallet.apiKey })).body).toEqual(
      created,
    );

    expect(
      (await call(`/v1/event-types/${badge.name}`, { method: "DELETE", key: wallet.apiKey }))
        .status,
    ).toBe(204);
    await expectProblem(await call(`/v1/event-types/${badge.name}`, { key: wallet.apiKey }), 404);
    await expectProblem(
      await call(`/v1/event-types/${badge.name}`, { method: "DELETE", key: wallet.apiKey }),
      404,
    );
  });

  it("may be registered with a name and description only", async () => {
    const wallet = await newWallet();
    const created = await registered(wallet.apiKey, {
      name: "acme/door:opened",
      description: "A door opened",
    });
    expect(created).toMatchObject({ schema: null, example: null, validateIngest: false });
    // Names may hold a slash: the path takes it percent-encoded.
    expect(
      (await callJson("/v1/event-types/acme%2Fdoor:opened", { key: wallet.apiKey })).body.name,
    ).toBe("acme/door:opened");
  });

  it("refuse a built-in name and a name already registered with 409", async () => {
    const wallet = await newWallet();
    const builtin = await expectProblem(
      await call("/v1/event-types", {
        key: wallet.apiKey,
        body: { ...badge, name: "ConnectionUpdated" },
      }),
      409,
    );
    expect(builtin.detail).toMatch(/built-in/);
    await registered(wallet.apiKey);
    const again = await expectProblem(
      await call("/v1/event-types", {
        key: wallet.apiKey,
        body: { ...badge, description: "again" },
      }),
      409,
    );
    expect(again.detail).toMatch(/already registered/);
    expect(
      (await callJson(`/v1/event-types/${badge.name}`, { key: wallet.apiKey })).body.description,
    ).toBe(badge.description);
    await expectProblem(
      await call("/v1/event-types/ConnectionUpdated", { method: "DELETE", key: wallet.apiKey }),
      409,
    );
  });

  it("are registered and deleted with a wallet key only", async () => {
    const wallet = await newWallet();
    const problem = await expectProblem(await call("/v1/event-types", { body: badge }), 403);
    expect(problem.detail).toMatch(/wallet/);
    await registered(wallet.apiKey);
    await expectProblem(await call(`/v1/event-types/${badge.name}`, { method: "DELETE" }), 403);
  });

  it("refuse an invalid JSON Schema with 400, naming where it is wrong", async () => {
    const wallet = await newWallet();
    const cases: Array<[unknown, string]> = [
      [{ type: "objekt" }, "schema.type"],
      [{ properties: { badgeId: { minLength: -1 } } }, "schema.properties.badgeId.minLength"],
      [{ properties: { badgeId: { pattern: "([a-z" } } }, "schema.properties.badgeId.pattern"],
      [{ properties: { badgeId: { $ref: "#/$defs/missing" } } }, "schema.properties.badgeId.$ref"],
      [{ $schema: "http://json-schema.org/draft-07/schema#" }, "schema.$schema"],
      ["a string", "schema"],
    ];
    for (const [schema, path] of cases) {
      const problem = await expectProblem(
        await call("/v1/event-types", {
          key: wallet.apiKey,
          body: { ...badge, schema, example: undefined },
        }),
        400,
      );
      expect(
        problem.errors.map((e: any) => e.path),
        JSON.stringify(schema),
      ).toContain(path);
    }
    await expectProblem(await call(`/v1/event-types/${badge.name}`, { key: wallet.apiKey }), 404);
  });

  it("refuse an example that does not match the schema", async () => {
    const wallet = await newWallet();
    const problem = await expectProblem(
      await call("/v1/event-types", {
        key: wallet.apiKey,
        body: { ...badge, example: { badgeId: 7, holder: { age: -1 } } },
      }),
      400,
    );
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: "example.badgeId", message: expect.stringContaining("string") },
        { path: "example.holder.age", message: expect.any(String) },
      ]),
    );
  });

  it("refuse other bad input with 400", async () => {
    const wallet = await newWallet();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...badge, name: "has space" }, "name"],
      [{ ...badge, name: "herald.custom" }, "name"],
      [{ name: "acme.x", description: "no schema", validateIngest: true }, "validateIngest"],
      [{ name: "acme.x" }, "description"],
      [{ ...badge, colour: "red" }, "colour"],
      [{ ...badge, example: [1, 2] }, "example"],
    ];
    for (const [body, path] of cases) {
      const problem = await expectProblem(
        await call("/v1/event-types", { key: wallet.apiKey, body }),
        400,
      );
      expect(
        problem.errors.map((e: any) => e.path),
        JSON.stringify(body),
      ).toContain(path);
    }
  });

  it("are invisible to other wallets, who may use the same name", async () => {
    const mine = await newWallet();
    const theirs = await newWallet();
    await registered(theirs.apiKey);
    expect(names((await callJson("/v1/event-types", { key: mine.apiKey })).body)).not.toContain(
      badge.name,
    );
    await expectProblem(
      await call(`/v1/event-types?walletId=${theirs.id}`, { key: mine.apiKey }),
      403,
    );
    await expectProblem(await call(`/v1/event-types/${badge.name}`, { key: mine.apiKey }), 404);
    await expectProblem(
      await call(`/v1/event-types/${badge.name}?walletId=${theirs.id}`, { key: mine.apiKey }),
      403,
    );
    await expectProblem(
      await call(`/v1/event-types/${badge.name}`, { method: "DELETE", key: mine.apiKey }),
      404,
    );
    expect((await callJson(`/v1/event-types/${badge.name}`, { key: theirs.apiKey })).status).toBe(
      200,
    );
    await registered(mine.apiKey, { ...badge, description: "mine" });
    expect(
      (await callJson(`/v1/event-types/${badge.name}`, { key: theirs.apiKey })).body.description,
    ).toBe(badge.description);
  });

  it("go with their wallet", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey);
    expect((await call(`/v1/wallets/${wallet.id}`, { method: "DELETE" })).status).toBe(204);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM event_types WHERE wallet_id = ?")
      .bind(wallet.id)
      .first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});

describe("webhook subscriptions against the catalog", () => {
  it("refuse an unknown exact type with 400 naming the closest known names, creating nothing", async () => {
    const wallet = await newWallet();
    const before = await countWebhooks();
    const problem = await expectProblem(
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: {
          url: "https://receiver.example.com/hook",
          eventTypes: ["openid.credential.*", "ConectionUpdated"],
        },
      }),
      400,
    );
    expect(problem.detail).toContain('"ConectionUpdated"');
    expect(problem.detail).toContain('"ConnectionUpdated"');
    expect(problem.errors).toEqual([
      {
        path: "eventTypes.1",
        message: expect.stringContaining("closest known: ConnectionUpdated"),
      },
    ]);
    expect(problem.errors[0].message.split("closest known: ")[1].split(", ")).toHaveLength(3);
    expect(await countWebhooks()).toBe(before);
  });

  it("name every unknown type", async () => {
    const wallet = await newWallet();
    const problem = await expectProblem(
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: {
          url: "https://receiver.example.com/hook",
          eventTypes: ["sdjwt_isue", "ConnectionUpdated", "presentation_verified"],
        },
      }),
      400,
    );
    expect(problem.errors).toEqual([
      { path: "eventTypes.0", message: expect.stringContaining("closest known: sdjwt_issue") },
      {
        path: "eventTypes.2",
        message: expect.stringContaining("closest known: presentation:verified"),
      },
    ]);
  });

  it("accept catalog types and wildcards of any prefix", async () => {
    const wallet = await newWallet();
    const webhook = await newWebhook(wallet.apiKey, {
      eventTypes: [
        "ConnectionUpdated",
        "openid.credential.*",
        "acme.*",
        "herald.delivery.exhausted",
      ],
    });
    expect(webhook.eventTypes).toEqual([
      "ConnectionUpdated",
      "openid.credential.*",
      "acme.*",
      "herald.delivery.exhausted",
    ]);
    expect((await newWebhook(wallet.apiKey, { eventTypes: ["*"] })).eventTypes).toEqual(["*"]);
  });

  it("accept the wallet's own types, suggest them, and refuse another wallet's", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    await registered(wallet.apiKey);
    expect((await newWebhook(wallet.apiKey, { eventTypes: [badge.name] })).eventTypes).toEqual([
      badge.name,
    ]);
    const typo = await expectProblem(
      await call("/v1/webhooks", {
        key: wallet.apiKey,
        body: { url: "https://receiver.example.com/hook", eventTypes: ["acme.badge.isued"] },
      }),
      400,
    );
    expect(typo.errors[0].message).toContain(`closest known: ${badge.name}`);
    const foreign = await expectProblem(
      await call("/v1/webhooks", {
        key: other.apiKey,
        body: { url: "https://receiver.example.com/hook", eventTypes: [badge.name] },
      }),
      400,
    );
    expect(foreign.errors[0].message.split("closest known: ")[1]).not.toContain(badge.name);
  });

  it("check a PATCH's new types but keep a subscription to a type deleted since", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey);
    const webhook = await newWebhook(wallet.apiKey, { eventTypes: [badge.name] });
    expect(
      (await call(`/v1/event-types/${badge.name}`, { method: "DELETE", key: wallet.apiKey }))
        .status,
    ).toBe(204);
    const refused = await expectProblem(
      await call(`/v1/webhooks/${webhook.id}`, {
        method: "PATCH",
        key: wallet.apiKey,
        body: { eventTypes: [badge.name, "no.such.type"] },
      }),
      400,
    );
    expect(refused.errors).toEqual([expect.objectContaining({ path: "eventTypes.1" })]);
    expect(
      (await callJson(`/v1/webhooks/${webhook.id}`, { key: wallet.apiKey })).body.eventTypes,
    ).toEqual([badge.name]);
    const kept = await callJson(`/v1/webhooks/${webhook.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { eventTypes: [badge.name, "sdjwt_issue"] },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.eventTypes).toEqual([badge.name, "sdjwt_issue"]);
  });

  it("let a global webhook subscribe to a type any wallet registered", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey, {
      name: "acme.global.only",
      description: "for the global webhook",
    });
    expect(
      (await newWebhook(ADMIN_KEY, { eventTypes: ["acme.global.only", "jwt_issue"] })).walletId,
    ).toBeNull();
    await expectProblem(
      await call("/v1/webhooks", {
        body: { url: "https://receiver.example.com/hook", eventTypes: ["acme.nobody.registered"] },
      }),
      400,
    );
  });
});

describe("ingest validation against a registered schema", () => {
  const send = (apiKey: string, type: string, data: Record<string, unknown>) =>
    callJson("/v1/events", { key: apiKey, body: { type, data } });

  it("refuses data that does not match when the wallet opted in, naming each mismatch", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey, { ...badge, validateIngest: true });
    const problem = await expectProblem(
      await call("/v1/events", {
        key: wallet.apiKey,
        body: { type: badge.name, data: { badgeId: "", holder: { age: "old" } } },
      }),
      400,
    );
    expect(problem.errors).toEqual([
      { path: "0.data.badgeId", message: expect.any(String) },
      { path: "0.data.holder.age", message: expect.stringContaining("integer") },
    ]);
    const missing = await expectProblem(
      await call("/v1/events", { key: wallet.apiKey, body: { type: badge.name, data: {} } }),
      400,
    );
    expect(missing.errors.map((e: any) => e.path)).toEqual(["0.data", "0.data"]);
    expect((await send(wallet.apiKey, badge.name, badge.example)).status).toBe(202);
  });

  it("refuses a whole batch when one event does not match", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey, { ...badge, validateIngest: true });
    const events = [
      { type: badge.name, data: badge.example },
      { type: "ConnectionUpdated", data: {} },
      { type: badge.name, data: { holder: {} } },
    ];
    const problem = await expectProblem(
      await call("/v1/events/batch", { key: wallet.apiKey, body: { events } }),
      400,
    );
    expect(problem.errors).toEqual([
      { path: "2.data", message: expect.stringContaining('"badgeId"') },
    ]);
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE wallet_id = ?")
      .bind(wallet.id)
      .first<{ n: number }>();
    expect(stored!.n).toBe(0);
  });

  it("lets anything through when the wallet did not opt in, and for other wallets' types", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    await registered(wallet.apiKey);
    expect((await send(wallet.apiKey, badge.name, { anything: true })).status).toBe(202);
    await registered(other.apiKey, { ...badge, validateIngest: true });
    expect((await send(wallet.apiKey, badge.name, { anything: true })).status).toBe(202);
    expect((await send(other.apiKey, badge.name, { anything: true })).status).toBe(400);
  });

  it("stops validating once the type is deleted", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey, { ...badge, validateIngest: true });
    expect((await send(wallet.apiKey, badge.name, {})).status).toBe(400);
    expect(
      (await call(`/v1/event-types/${badge.name}`, { method: "DELETE", key: wallet.apiKey }))
        .status,
    ).toBe(204);
    expect((await send(wallet.apiKey, badge.name, {})).status).toBe(202);
  });

  it("validates what the agents' own webhook calls bring in too", async () => {
    const wallet = await newWallet();
    await registered(wallet.apiKey, {
      name: "acme_topic",
      description: "ACA-Py plugin topic",
      schema: { type: "object", required: ["state"] },
      validateIngest: true,
    });
    const refused = await expectProblem(
      await call("/v1/ingest/acapy/topic/acme_topic/", { key: wallet.apiKey, body: { other: 1 } }),
      400,
    );
    expect(refused.errors).toEqual([
      { path: "0.data", message: expect.stringContaining('"state"') },
    ]);
    expect(
      (
        await call("/v1/ingest/acapy/topic/acme_topic/", {
          key: wallet.apiKey,
          body: { state: "done" },
        })
      ).status,
    ).toBe(202);
  });
});
