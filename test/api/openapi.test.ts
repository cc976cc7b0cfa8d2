import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { call } from "../helpers/api";
import { KEY_ROUTES } from "../helpers/routes";

// The validator reads the OpenAPI 3.1 meta-schema from its package folder at run time, and workerd
// has no such folder on disk: serve the same file, bundled, when it asks. Nothing else is replaced.
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<{ readFileSync: (...args: unknown[]) => unknown }>();
  const schema = (await import("@seriousme/openapi-schema-validator/schemas/v3.1/schema.json"))
    .default;
  const readFileSync = (path: string, ...rest: unknown[]) =>
    String(path).endsWith("/schemas/v3.1/schema.json")
      ? JSON.stringify(schema)
      : fs.readFileSync(path, ...rest);
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Routes that describe the API rather than belong to it. */
const META = new Set(["/openapi.json", "/docs"]);
// The portal's static files (public/portal/, through the ASSETS binding): pages, not API.
const STATIC_FILES = new Set(["GET /portal", "GET /portal/*"]);

/** Every route of the foundation API, as OpenAPI writes its paths. */
const EXPECTED = [
  { method: "GET", path: "/health" },
  ...KEY_ROUTES.map(({ method, path }) => ({ method, path })),
];

let doc: any;

beforeAll(async () => {
  const response = await call("/openapi.json", { key: null });
  expect(response.status).toBe(200);
  doc = await response.json();
});

/** The operations the document lists, as "METHOD /path". */
function documented(): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

/** Hono's `/v1/webhooks/:id` (or `:file{.+}`) as OpenAPI's `/v1/webhooks/{id}`, without a trailing slash. */
function asOpenApiPath(path: string): string {
  const converted = path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
  return converted.length > 1 ? converted.replace(/\/$/, "") : converted;
}

function operations(): Array<[string, any]> {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map(
      (m) => [`${m.toUpperCase()} ${path}`, item[m]] as [string, any],
    ),
  );
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1.0 and valid against the OpenAPI 3.1 schema", async () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "Herald", version: expect.any(String) });
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("would catch an invalid document", async () => {
    // Guards the check above: the validator really runs against the schema here.
    const broken = {
      ...doc,
      paths: { "/health": { get: { responses: { 200: { content: {} } } } } },
    };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it.each(EXPECTED)("lists $method $path", ({ method, path }) => {
    expect(documented()).toContain(`${method} ${path}`);
  });

  it("lists every route the app serves", () => {
    const served = new Set(
      createApp()
        .routes.filter((r) => r.method !== "ALL")
        .map((r) => `${r.method} ${asOpenApiPath(r.path)}`)
        .filter((route) => ![...META].some((meta) => route.split(" ")[1]!.startsWith(meta)))
        .filter((route) => !STATIC_FILES.has(route)),
    );
    expect(served.size).toBeGreaterThanOrEqual(EXPECTED.length);
    const listed = new Set(
      documented().map((op) => {
        const [m, p] = op.split(" ");
        return `${m} ${asOpenApiPath(p!)}`;
      }),
    );
    expect([...served].filter((route) => !listed.has(route))).toEqual([]);
  });

  it.each(EXPECTED)("gives $method $path a summary, tags and responses", ({ method, path }) => {
    const operation = doc.paths[path]?.[method.toLowerCase()];
    expect(operation).toBeDefined();
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.summary.length).toBeGreaterThan(3);
    expect(operation.tags).toEqual([expect.any(String)]);
    expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
  });

  it("gives every operation a summary, tags and a success response", () => {
    for (const [name, operation] of operations()) {
      expect(operation.summary, name).toEqual(expect.any(String));
      expect(operation.tags?.length, name).toBeGreaterThan(0);
      expect(
        Object.keys(operation.responses ?? {}).some((status) => /^2\d\d$/.test(status)),
        name,
      ).toBe(true);
    }
  });

  it("declares the three ways to send a key, and every key-protected route requires one", () => {
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: "http", scheme: "bearer" },
      apiKeyHeader: { type: "apiKey", in: "header", name: "apiKey" },
      xApiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
    });
    for (const { method, path } of KEY_ROUTES) {
      const operation = doc.paths[path][method.toLowerCase()];
      expect(operation.security, `${method} ${path}`).toEqual(
        expect.arrayContaining([{ bearer: [] }, { apiKeyHeader: [] }, { xApiKey: [] }]),
      );
      expect(Object.keys(operation.responses), `${method} ${path}`).toContain("401");
    }
    expect(doc.paths["/health"].get.security ?? []).toEqual([]);
  });

  it("describes errors as problem+json", () => {
    const unauthorized = doc.paths["/v1/webhooks"].get.responses["401"];
    expect(Object.keys(unauthorized.content)).toEqual(["application/problem+json"]);
  });

  it("never shows a signing secret in a list or read schema", () => {
    const schemaOf = (op: any, status: string) =>
      JSON.stringify(op.responses[status].content["application/json"].schema);
    const ref = (name: string) => JSON.stringify(doc.components.schemas[name] ?? {});
    const read = schemaOf(doc.paths["/v1/webhooks/{id}"].get, "200");
    expect(read).toContain("#/components/schemas/Webhook");
    expect(ref("Webhook")).not.toContain('"secret"');
    expect(ref("CreatedWebhook")).toContain('"secret"');
  });
});
