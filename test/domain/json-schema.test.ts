import { describe, expect, it } from "vitest";
import {
  compileSchema,
  isValidSchema,
  JSON_SCHEMA_DIALECT,
  validate,
} from "../../src/domain/json-schema";

const paths = (outcome: { errors: { path: string }[] }) => outcome.errors.map((e) => e.path);

describe("isValidSchema", () => {
  it("accepts ordinary 2020-12 schemas, with local $refs", () => {
    for (const schema of [
      {},
      {
        $schema: JSON_SCHEMA_DIALECT,
        type: "object",
        properties: { a: { type: "string", minLength: 1 } },
        required: ["a"],
      },
      { $schema: `${JSON_SCHEMA_DIALECT}#`, type: "object" },
      {
        $defs: { id: { type: "string", format: "uuid" } },
        properties: { id: { $ref: "#/$defs/id" } },
      },
      { prefixItems: [{ type: "string" }], items: false, unevaluatedProperties: false },
      { anyOf: [{ type: "string" }, { type: "null" }], pattern: "^[a-z]+$" },
    ]) {
      expect(isValidSchema(schema), JSON.stringify(schema)).toEqual({ valid: true, errors: [] });
    }
  });

  it("refuses what the meta-schema refuses, at any depth, naming where", () => {
    expect(paths(isValidSchema({ type: "objekt" }))).toContain("type");
    expect(paths(isValidSchema({ properties: { a: { items: { minLength: -1 } } } }))).toEqual([
      "properties.a.items.minLength",
    ]);
    expect(paths(isValidSchema({ required: "a" }))).toEqual(["required"]);
    expect(paths(isValidSchema({ allOf: [] }))).toEqual(["allOf"]);
    expect(paths(isValidSchema({ $defs: { x: { type: 5 } } }))).toContain("$defs.x.type");
  });

  it("refuses a pattern that is not a regular expression", () => {
    const outcome = isValidSchema({ properties: { a: { pattern: "([a-z" } } });
    expect(outcome.valid).toBe(false);
    expect(outcome.errors).toEqual([
      { path: "properties.a.pattern", message: expect.stringContaining("regex") },
    ]);
  });

  it("refuses non-objects, other dialects, dynamic references and refs that lead nowhere", () => {
    for (const value of [null, [], "string", 5, true])
      expect(isValidSchema(value).valid).toBe(false);
    expect(isValidSchema({ $schema: "http://json-schema.org/draft-07/schema#" }).errors).toEqual([
      { path: "$schema", message: expect.stringContaining("2020-12") },
    ]);
    expect(paths(isValidSchema({ properties: { a: { $dynamicRef: "#meta" } } }))).toEqual([
      "properties.a.$dynamicRef",
    ]);
    expect(paths(isValidSchema({ properties: { a: { $ref: "#/$defs/missing" } } }))).toEqual([
      "properties.a.$ref",
    ]);
    expect(isValidSchema({ $ref: "https://example.com/remote.json" }).errors[0]!.message).toMatch(
      /not fetched/,
    );
  });

  it("reads $ref inside const and examples as data, not references", () => {
    expect(
      isValidSchema({ const: { $ref: "#/nowhere" }, examples: [{ $ref: "#/nowhere" }] }).valid,
    ).toBe(true);
  });

  it("leaves the schema it checks untouched", () => {
    const schema = { properties: { a: { $ref: "#/$defs/a" } }, $defs: { a: { type: "string" } } };
    const before = JSON.stringify(schema);
    isValidSchema(schema);
    validate(schema, { a: "x" });
    expect(JSON.stringify(schema)).toBe(before);
    expect(Object.getOwnPropertyNames(schema.properties.a)).toEqual(["$ref"]);
  });
});

describe("validate", () => {
  const schema = {
    type: "object",
    required: ["id"],
    properties: {
      id: { type: "string" },
      subject: {
        type: "object",
        properties: { age: { type: "integer", minimum: 0 } },
        additionalProperties: false,
      },
      tags: { type: "array", items: { type: "string" } },
      "a/b": { type: "boolean" },
    },
  };

  it("accepts matching data", () => {
    expect(validate(schema, { id: "x", subject: { age: 3 }, tags: ["a"] })).toEqual({
      valid: true,
      errors: [],
    });
  });

  it("reports every innermost failure with a dotted path", () => {
    const outcome = validate(schema, {
      subject: { age: -1, extra: 1 },
      tags: ["a", 2],
      "a/b": "no",
    });
    expect(outcome.valid).toBe(false);
    expect(paths(outcome).sort()).toEqual(["", "a/b", "subject", "subject.age", "tags.1"].sort());
    expect(outcome.errors.find((e) => e.path === "")!.message).toContain('"id"');
    expect(outcome.errors.find((e) => e.path === "subject")!.message).toContain('"extra"');
  });

  it("stops at 20 errors", () => {
    const many = compileSchema({ type: "array", items: { type: "string" } })(
      Array.from({ length: 50 }, (_, i) => i),
    );
    expect(many.errors).toHaveLength(20);
  });

  it("asserts formats", () => {
    expect(validate({ type: "string", format: "date-time" }, "yesterday").valid).toBe(false);
    expect(
      validate({ type: "string", format: "date-time" }, "2025-03-13T22:14:41.138935Z").valid,
    ).toBe(true);
  });
});
