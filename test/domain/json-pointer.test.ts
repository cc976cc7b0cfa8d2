import { describe, expect, it } from "vitest";
import { pointerSegments, REDACTED_VALUE, redactPaths } from "../../src/domain/json-pointer";

describe("pointerSegments", () => {
  it("splits and unescapes RFC 6901 pointers", () => {
    expect(pointerSegments("/data/credential/claims")).toEqual(["data", "credential", "claims"]);
    expect(pointerSegments("/data/a~1b/c~0d")).toEqual(["data", "a/b", "c~d"]);
    expect(pointerSegments("/data/")).toEqual(["data", ""]);
    expect(pointerSegments("/data/~01")).toEqual(["data", "~1"]);
  });

  it("refuses what is not a pointer", () => {
    for (const bad of ["", "data/x", "/data/~2", "/data/~", "#/data/x"])
      expect(pointerSegments(bad), bad).toBeNull();
  });
});

describe("redactPaths", () => {
  const event = {
    credential: { type: "EmailCredential", claims: { email: "ada@example.com" } },
    holders: ["did:example:1", { did: "did:example:2" }],
    "a/b": 1,
  };

  it('replaces the values at the paths with "[redacted]" and leaves the original alone', () => {
    const before = structuredClone(event);
    const out = redactPaths(event, [["credential", "claims"], ["holders", "1", "did"], ["a/b"]]);
    expect(out).toEqual({
      credential: { type: "EmailCredential", claims: REDACTED_VALUE },
      holders: ["did:example:1", { did: REDACTED_VALUE }],
      "a/b": REDACTED_VALUE,
    });
    expect(event).toEqual(before);
    // Untouched branches are shared, not copied.
    expect(redactPaths(event, [["credential", "claims"]]).holders).toBe(event.holders);
  });

  it("changes nothing where a path leads nowhere, and never adds a key", () => {
    for (const path of [
      ["missing"],
      ["credential", "claims", "phone"],
      ["holders", "2"],
      ["holders", "01"],
      ["holders", "-"],
      ["credential", "type", "x"],
    ])
      expect(redactPaths(event, [path]), path.join("/")).toEqual(event);
  });

  it("treats __proto__ as an ordinary key", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
    const out = redactPaths(hostile, [["__proto__"]]) as Record<string, unknown>;
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(JSON.stringify(out)).toBe('{"__proto__":"[redacted]","x":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
