import { describe, expect, it } from "vitest";
import {
  BUILTIN_EVENT_TYPES,
  BUILTIN_SOURCES,
  builtinEventType,
  closestNames,
  isBuiltinEventType,
} from "../../src/domain/event-catalog";
import { editDistance } from "../../src/domain/event-catalog/closest-names";
import { eventTypeSchema } from "../../src/domain/event-type-pattern";
import { isValidSchema, JSON_SCHEMA_DIALECT, validate } from "../../src/domain/json-schema";
import { SEED_TYPES } from "../helpers/seed-event-types";

const DEPRECATED = [
  "openid.presentation.request_sent",
  "openid.presentation.request_received",
  "openid.presentation.presentation_acked",
];

describe("the built-in event catalog", () => {
  it("holds every seed type under its source, and nothing else", () => {
    for (const [source, names] of Object.entries(SEED_TYPES)) {
      for (const name of names) expect(builtinEventType(name)?.source, name).toBe(source);
    }
    expect(BUILTIN_EVENT_TYPES.map((d) => d.name).sort()).toEqual(
      Object.values(SEED_TYPES).flat().sort(),
    );
    expect(new Set(BUILTIN_EVENT_TYPES.map((d) => d.source))).toEqual(new Set(BUILTIN_SOURCES));
  });

  it("has unique names that are valid event types", () => {
    const names = BUILTIN_EVENT_TYPES.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(eventTypeSchema.safeParse(name).success, name).toBe(true);
  });

  it("marks only iGrant's pre-v3 verifier events deprecated, pointing at the v3 ones", () => {
    expect(
      BUILTIN_EVENT_TYPES.filter((d) => d.deprecated)
        .map((d) => d.name)
        .sort(),
    ).toEqual([...DEPRECATED].sort());
    for (const name of DEPRECATED)
      expect(builtinEventType(name)!.description).toContain(`${name}.v3`);
  });

  it("describes every type", () => {
    for (const d of BUILTIN_EVENT_TYPES) expect(d.description.length, d.name).toBeGreaterThan(10);
  });

  it.each(BUILTIN_EVENT_TYPES.map((d) => [d.name, d] as const))(
    "gives %s a valid 2020-12 schema of an open object",
    (_name, d) => {
      expect(isValidSchema(d.schema)).toEqual({ valid: true, errors: [] });
      expect(d.schema).toMatchObject({
        $schema: JSON_SCHEMA_DIALECT,
        type: "object",
        additionalProperties: true,
      });
    },
  );

  it.each(BUILTIN_EVENT_TYPES.map((d) => [d.name, d] as const))(
    "gives %s an example its schema accepts",
    (_name, d) => {
      expect(validate(d.schema, d.example)).toEqual({ valid: true, errors: [] });
      for (const field of (d.schema.required as string[] | undefined) ?? [])
        expect(d.example, field).toHaveProperty([field]);
    },
  );

  it("takes the seed's own examples where the seed shows one", () => {
    expect(builtinEventType("ConnectionUpdated")!.example).toMatchObject({
      connectionId: "c10787cf-99bb-47f4-99bb-1fdcca32b673",
      state: "InvitationGenerated",
      kind: "Connection",
    });
    expect(builtinEventType("sdjwt_issue")!.example).toEqual({ sdjwt: "eyJ..." });
    expect(builtinEventType("credentials:done")!.example).toMatchObject({
      cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
      state: "done",
    });
    expect(builtinEventType("openid.credential.offer_sent")!.example).toMatchObject({
      organisationId: "64ec561de2f6a8000142c671",
    });
    expect(builtinEventType("openid.presentation.request_received.v3")!.example).toMatchObject({
      presentation: { presentationExchangeId: "73315f05-089f-4548-b7ba-052ce828c7d7" },
    });
  });

  it("rejects data the seeds say is required", () => {
    const { valid, errors } = validate(builtinEventType("sdjwt_issue")!.schema, { jwt: "eyJ..." });
    expect(valid).toBe(false);
    expect(errors).toEqual([{ path: "", message: expect.stringContaining('"sdjwt"') }]);
    expect(
      validate(builtinEventType("herald.webhook.disabled")!.schema, { webhookId: "w", reason: 5 })
        .errors,
    ).toEqual([{ path: "reason", message: expect.stringContaining("string") }]);
  });

  it("knows its own names and nothing else", () => {
    expect(isBuiltinEventType("ConnectionUpdated")).toBe(true);
    expect(isBuiltinEventType("connectionupdated")).toBe(false);
    expect(isBuiltinEventType("openid.credential.*")).toBe(false);
  });
});

describe("closestNames", () => {
  const names = BUILTIN_EVENT_TYPES.map((d) => d.name);

  it("puts a typo's intended name first", () => {
    expect(closestNames("ConectionUpdated", names)[0]).toBe("ConnectionUpdated");
    expect(closestNames("openid.credential.offer_snt", names)[0]).toBe(
      "openid.credential.offer_sent",
    );
    expect(closestNames("presentation_verified", names)[0]).toBe("presentation:verified");
  });

  it("ignores case", () => {
    expect(closestNames("connectionupdated", names)[0]).toBe("ConnectionUpdated");
    expect(editDistance("ABC", "abc")).toBe(0);
  });

  it("gives at most the limit, ties in alphabetical order, no repeats", () => {
    expect(closestNames("x", names)).toHaveLength(3);
    expect(closestNames("ab", ["ac", "aa", "ad", "aa"], 2)).toEqual(["aa", "ac"]);
    expect(closestNames("anything", [])).toEqual([]);
  });

  it("measures edits", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});
