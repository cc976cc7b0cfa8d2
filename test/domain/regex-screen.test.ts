import { describe, expect, it } from "vitest";
import { compileSchema, isValidSchema } from "../../src/domain/json-schema";
import { MAX_PATTERN_LENGTH, screenPattern } from "../../src/domain/regex-screen";

// A string that makes a backtracking engine try every split of the a's before failing.
const hostile = `${"a".repeat(10 * 1024)}!`;

describe("screenPattern refuses the shapes that backtrack catastrophically", () => {
  it.each([
    ["^(a+)+$", /nests a quantifier/],
    ["^(a*)*$", /nests a quantifier/],
    ["^(a+){2,}$", /nests a quantifier/],
    ["^((ab)*c?)+$", /nests a quantifier/],
    ["^(?:\\w+\\s?)+$", /nests a quantifier/],
    ["^([a-z]+\\d*)*$", /nests a quantifier/],
    ["^(a|a)*$", /alternatives can start alike/],
    ["^(a|ab)+$", /alternatives can start alike/],
    ["^(\\d|x)+$", /alternatives can start alike/],
    ["^(.|b)*$", /alternatives can start alike/],
    ["^(a)\\1$", /backreference/],
    ["^(?<x>a)\\k<x>$", /backreference/],
    ["(", /not a valid regular expression/],
    ["a".repeat(MAX_PATTERN_LENGTH + 1), /longer than 512/],
  ])("%s", (pattern, why) => {
    expect(screenPattern(pattern)).toMatch(why);
  });
});

describe("screenPattern accepts ordinary patterns", () => {
  it.each([
    "^[a-z]+$",
    "^did:[a-z0-9]+:.+$",
    "^(\\d{3}-)+\\d{4}$",
    "^(foo|bar)+$",
    "^(?:https?)://[^\\s/$.?#].[^\\s]*$",
    "^[A-Za-z0-9+/]*={0,2}$",
    "^(a)?b+$",
    "^(?=.*\\d)(?!.*x).{8,64}$",
    "^\\(\\d+\\)$",
    "^[(+]+$",
    "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  ])("%s", (pattern) => {
    expect(screenPattern(pattern)).toBeNull();
  });
});

describe("tenant schemas cannot stall the isolate", () => {
  it("refuses ^(a+)+$-style patterns at registration, naming where", () => {
    const outcome = isValidSchema({
      properties: { id: { type: "string", pattern: "^(a+)+$" } },
      patternProperties: { "^(x|xy)*$": { type: "string" } },
    });
    expect(outcome.valid).toBe(false);
    expect(outcome.errors).toHaveLength(2);
    expect(outcome.errors).toEqual(
      expect.arrayContaining([
        { path: "properties.id.pattern", message: expect.stringMatching(/nests a quantifier/) },
        { path: "patternProperties.^(x|xy)*$", message: expect.stringMatching(/start alike/) },
      ]),
    );
  });

  it("refuses propertyNames and nested patterns too", () => {
    const outcome = isValidSchema({
      propertyNames: { pattern: "^(a*)*$" },
      items: { anyOf: [{ pattern: "(\\w)\\1" }] },
    });
    expect(outcome.errors.map((e) => e.path)).toEqual([
      "propertyNames.pattern",
      "items.anyOf.0.pattern",
    ]);
  });

  it("validates a hostile 10 KiB string against every accepted pattern in well under 50 ms", () => {
    // The bound is on the validator's work, not the machine's speed: a catastrophic pattern
    // takes seconds to minutes here; accepted ones take a few milliseconds at most.
    const schema = {
      type: "object",
      properties: {
        a: { type: "string", pattern: "^(\\d{3}-)+\\d{4}$" },
        b: { type: "string", pattern: "^(foo|bar)+$" },
        c: { type: "string", pattern: "^[a-z]+$" },
        d: { type: "string", pattern: "^(?=.*\\d)(?!.*x).{8,64}$" },
      },
    };
    expect(isValidSchema(schema).valid).toBe(true);
    const check = compileSchema(schema);
    const started = performance.now();
    const outcome = check({ a: hostile, b: hostile, c: hostile, d: hostile });
    const elapsed = performance.now() - started;
    expect(outcome.valid).toBe(false);
    expect(elapsed).toBeLessThan(50);
  });
});
