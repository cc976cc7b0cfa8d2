import { Validator as JsonSchemaValidator } from "@cfworker/json-schema";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { BUILTIN_EVENT_TYPES } from "../../src/domain/event-catalog";
import { call } from "../helpers/api";
import { HIDDEN_ROUTES, isPublic, KEY_ROUTES, routeName, servedRoutes } from "../helpers/routes";

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

/** Every route the app serves, read from the app itself, except the document and its viewer
 * (which describe the API rather than belong to it) and the hidden aliases. */
const EXPECTED = servedRoutes().filter(
  (route) =>
    (!isPublic(route) || route.path === "/health") && !HIDDEN_ROUTES.includes(routeName(route)),
);
/** The key-protected routes the document lists. */
const DOCUMENTED_KEY_ROUTES = KEY_ROUTES.filter((r) => !HIDDEN_ROUTES.includes(routeName(r)));

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

  it("lists every route the app serves, and leaves out only the hidden aliases", () => {
    expect(EXPECTED.length).toBeGreaterThan(30);
    const listed = new Set(documented());
    expect(EXPECTED.map(routeName).filter((route) => !listed.has(route))).toEqual([]);
    for (const hidden of HIDDEN_ROUTES) expect(listed.has(hidden), hidden).toBe(false);
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
    for (const { method, path } of DOCUMENTED_KEY_ROUTES) {
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

describe("the OpenAPI document for generators", () => {
  it("gives every route the app serves a camelCase operationId, none used twice", () => {
    // EXPECTED is read from the app's own routing table (servedRoutes), so no route is left out.
    expect(EXPECTED.length).toBeGreaterThan(30);
    for (const { method, path } of EXPECTED) {
      const operationId = doc.paths[path]?.[method.toLowerCase()]?.operationId;
      expect(operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
    const ids = [
      ...operations().map(([, op]) => op.operationId),
      ...Object.values(doc.webhooks as Record<string, any>).map((item) => item.post.operationId),
    ];
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("tags every operation with exactly one resource tag", () => {
    for (const [name, operation] of operations()) {
      expect(operation.tags, name).toEqual([expect.any(String)]);
    }
  });

  it("describes what Herald sends for every catalog type in its webhooks section", () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual(BUILTIN_EVENT_TYPES.map((t) => t.name).sort());
    for (const definition of BUILTIN_EVENT_TYPES) {
      const post = doc.webhooks[definition.name].post;
      const headers = post.parameters.filter((p: any) => p.in === "header");
      expect(
        headers.map((p: any) => [p.name, p.required]),
        definition.name,
      ).toEqual([
        ["webhook-id", true],
        ["webhook-timestamp", true],
        ["webhook-signature", true],
      ]);
      const ref = post.requestBody.content["application/json"].schema.$ref as string;
      const body = doc.components.schemas[ref.replace("#/components/schemas/", "")];
      expect(body.required).toEqual(["id", "type", "timestamp", "walletId", "data"]);
      expect(body.properties.type).toMatchObject({ const: definition.name });
      expect(body.properties.data.properties).toEqual(definition.schema.properties);
      expect(body.example.data).toEqual(definition.example);
    }
  });

  it("names the union of every catalog event, discriminated by type", () => {
    const union = doc.components.schemas.HeraldEvent;
    expect(union.oneOf).toHaveLength(BUILTIN_EVENT_TYPES.length);
    expect(union.discriminator.propertyName).toBe("type");
    expect(Object.keys(union.discriminator.mapping).sort()).toEqual(
      BUILTIN_EVENT_TYPES.map((t) => t.name).sort(),
    );
  });
});

/** Every JSON request body and 2xx JSON answer of the document, with the example it shows. */
function jsonMedia(): Array<{ name: string; schema: any; example: unknown }> {
  const resolve = (schema: any) =>
    schema?.$ref
      ? doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")]
      : schema;
  return operations().flatMap(([name, operation]) => {
    const media = [
      ["request", operation.requestBody?.content?.["application/json"]],
      ...Object.entries(operation.responses ?? {})
        .filter(([status]) => /^2\d\d$/.test(status))
        .map(([status, response]: [string, any]) => [
          status,
          response.content?.["application/json"],
        ]),
    ].filter(([, content]) => content);
    return media.map(([what, content]: any) => ({
      name: `${name} ${what}`,
      schema: content.schema,
      example: content.example ?? resolve(content.schema)?.example,
    }));
  });
}

/** A schema without its examples: annotations the validator would otherwise read as subschemas. */
function withoutExamples(value: any, parentKey = ""): any {
  if (Array.isArray(value)) return value.map((item) => withoutExamples(item));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      // Under `properties` these are field names (EventType has an `example` field), not annotations.
      .filter(([key]) => parentKey === "properties" || (key !== "example" && key !== "examples"))
      .map(([key, child]) => [key, withoutExamples(child, key)]),
  );
}

/** Validates a value against a schema of the document, its component $refs resolved. */
function validAgainst(schema: unknown, value: unknown) {
  const text = JSON.stringify({ ...(schema as object), $defs: doc.components.schemas });
  const rooted = withoutExamples(JSON.parse(text.replaceAll("#/components/schemas/", "#/$defs/")));
  return new JsonSchemaValidator(rooted, "2020-12", false).validate(value);
}

describe("the OpenAPI document's examples", () => {
  it("show every JSON request body and answer, and each example is valid", () => {
    const media = jsonMedia();
    expect(media.length).toBeGreaterThan(40);
    expect(media.filter((m) => m.example === undefined).map((m) => m.name)).toEqual([]);
    for (const { name, schema, example } of media) {
      const result = validAgainst(schema, example);
      expect(
        result.errors.map((e) => `${e.instanceLocation}: ${e.error}`),
        name,
      ).toEqual([]);
    }
  });

  it("would catch an example that does not match its schema", () => {
    const result = validAgainst({ $ref: "#/components/schemas/Webhook" }, { url: 42 });
    expect(result.valid).toBe(false);
  });

  it("give every catalog event body a valid example", () => {
    for (const definition of BUILTIN_EVENT_TYPES) {
      const ref = doc.webhooks[definition.name].post.requestBody.content["application/json"].schema;
      const example = doc.components.schemas[ref.$ref.replace("#/components/schemas/", "")].example;
      expect(validAgainst(ref, example).valid, definition.name).toBe(true);
    }
  });
});
