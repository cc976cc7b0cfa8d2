// The JSON Schema draft 2020-12 meta-schema (https://json-schema.org/draft/2020-12/schema and
// its seven vocabulary documents under meta/), as published by json-schema.org.
//
// @cfworker/json-schema implements draft 2019-09's $recursiveRef/$recursiveAnchor but not
// 2020-12's $dynamicRef/$dynamicAnchor. The meta-schema uses the dynamic pair only in the one
// shape 2019-09 expressed with the recursive pair ("#meta" anchored at every document's root),
// so `metaSchemaDocuments()` rewrites exactly that shape and leaves everything else as published.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BASE = "https://json-schema.org/draft/2020-12";
const META = { $dynamicRef: "#meta" };

/** The id under which the top meta-schema is registered. */
export const META_SCHEMA_ID = `${BASE}/schema`;

const vocabulary = (
  name: string,
  title: string,
  rest: Record<string, Json>,
): Record<string, Json> => ({
  $schema: META_SCHEMA_ID,
  $id: `${BASE}/meta/${name}`,
  $vocabulary: { [`${BASE}/vocab/${name}`]: true },
  $dynamicAnchor: "meta",
  title,
  type: ["object", "boolean"],
  ...rest,
});

const top: Record<string, Json> = {
  $schema: META_SCHEMA_ID,
  $id: META_SCHEMA_ID,
  $vocabulary: Object.fromEntries(
    [
      "core",
      "applicator",
      "unevaluated",
      "validation",
      "meta-data",
      "format-annotation",
      "content",
    ].map((v) => [`${BASE}/vocab/${v}`, true]),
  ),
  $dynamicAnchor: "meta",
  title: "Core and Validation specifications meta-schema",
  allOf: [
    "core",
    "applicator",
    "unevaluated",
    "validation",
    "meta-data",
    "format-annotation",
    "content",
  ].map((v) => ({ $ref: `meta/${v}` })),
  type: ["object", "boolean"],
  properties: {
    definitions: { type: "object", additionalProperties: META, deprecated: true, default: {} },
    dependencies: {
      type: "object",
      additionalProperties: { anyOf: [META, { $ref: "meta/validation#/$defs/stringArray" }] },
      deprecated: true,
      default: {},
    },
    $recursiveAnchor: { $ref: "meta/core#/$defs/anchorString", deprecated: true },
    $recursiveRef: { $ref: "meta/core#/$defs/uriReferenceString", deprecated: true },
  },
};

const core = vocabulary("core", "Core vocabulary meta-schema", {
  properties: {
    $id: { $ref: "#/$defs/uriReferenceString", pattern: "^[^#]*#?$" },
    $schema: { $ref: "#/$defs/uriString" },
    $ref: { $ref: "#/$defs/uriReferenceString" },
    $anchor: { $ref: "#/$defs/anchorString" },
    $dynamicRef: { $ref: "#/$defs/uriReferenceString" },
    $dynamicAnchor: { $ref: "#/$defs/anchorString" },
    $vocabulary: {
      type: "object",
      propertyNames: { $ref: "#/$defs/uriString" },
      additionalProperties: { type: "boolean" },
    },
    $comment: { type: "string" },
    $defs: { type: "object", additionalProperties: META },
  },
  $defs: {
    anchorString: { type: "string", pattern: "^[A-Za-z_][-A-Za-z0-9._]*$" },
    uriString: { type: "string", format: "uri" },
    uriReferenceString: { type: "string", format: "uri-reference" },
  },
});

const applicator = vocabulary("applicator", "Applicator vocabulary meta-schema", {
  properties: {
    prefixItems: { $ref: "#/$defs/schemaArray" },
    items: META,
    contains: META,
    additionalProperties: META,
    properties: { type: "object", additionalProperties: META, default: {} },
    patternProperties: {
      type: "object",
      additionalProperties: META,
      propertyNames: { format: "regex" },
      default: {},
    },
    dependentSchemas: { type: "object", additionalProperties: META, default: {} },
    propertyNames: META,
    if: META,
    then: META,
    else: META,
    allOf: { $ref: "#/$defs/schemaArray" },
    anyOf: { $ref: "#/$defs/schemaArray" },
    oneOf: { $ref: "#/$defs/schemaArray" },
    not: META,
  },
  $defs: { schemaArray: { type: "array", minItems: 1, items: META } },
});

const unevaluated = vocabulary("unevaluated", "Unevaluated applicator vocabulary meta-schema", {
  properties: { unevaluatedItems: META, unevaluatedProperties: META },
});

const nonNegative = { $ref: "#/$defs/nonNegativeInteger" };
const nonNegativeDefault0 = { $ref: "#/$defs/nonNegativeIntegerDefault0" };
const validation = vocabulary("validation", "Validation vocabulary meta-schema", {
  properties: {
    type: {
      anyOf: [
        { $ref: "#/$defs/simpleTypes" },
        { type: "array", items: { $ref: "#/$defs/simpleTypes" }, minItems: 1, uniqueItems: true },
      ],
    },
    const: true,
    enum: { type: "array", items: true },
    multipleOf: { type: "number", exclusiveMinimum: 0 },
    maximum: { type: "number" },
    exclusiveMaximum: { type: "number" },
    minimum: { type: "number" },
    exclusiveMinimum: { type: "number" },
    maxLength: nonNegative,
    minLength: nonNegativeDefault0,
    pattern: { type: "string", format: "regex" },
    maxItems: nonNegative,
    minItems: nonNegativeDefault0,
    uniqueItems: { type: "boolean", default: false },
    maxContains: nonNegative,
    minContains: { $ref: "#/$defs/nonNegativeInteger", default: 1 },
    maxProperties: nonNegative,
    minProperties: nonNegativeDefault0,
    required: { $ref: "#/$defs/stringArray" },
    dependentRequired: { type: "object", additionalProperties: { $ref: "#/$defs/stringArray" } },
  },
  $defs: {
    nonNegativeInteger: { type: "integer", minimum: 0 },
    nonNegativeIntegerDefault0: { $ref: "#/$defs/nonNegativeInteger", default: 0 },
    simpleTypes: { enum: ["array", "boolean", "integer", "null", "number", "object", "string"] },
    stringArray: { type: "array", items: { type: "string" }, uniqueItems: true, default: [] },
  },
});

const metaData = vocabulary("meta-data", "Meta-data vocabulary meta-schema", {
  properties: {
    title: { type: "string" },
    description: { type: "string" },
    default: true,
    deprecated: { type: "boolean", default: false },
    readOnly: { type: "boolean", default: false },
    writeOnly: { type: "boolean", default: false },
    examples: { type: "array", items: true },
  },
});

const formatAnnotation = vocabulary(
  "format-annotation",
  "Format vocabulary meta-schema for annotation results",
  {
    properties: { format: { type: "string" } },
  },
);

const content = vocabulary("content", "Content vocabulary meta-schema", {
  properties: {
    contentEncoding: { type: "string" },
    contentMediaType: { type: "string" },
    contentSchema: META,
  },
});

// `{"$dynamicRef": "#meta"}` -> `{"$recursiveRef": "#"}`, `"$dynamicAnchor": "meta"` -> `"$recursiveAnchor": true`.
// Only those exact values are rewritten: the properties *named* $dynamicRef/$dynamicAnchor hold objects.
function toRecursive(value: Json): Json {
  if (Array.isArray(value)) return value.map(toRecursive);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, Json> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "$dynamicRef" && inner === "#meta") out.$recursiveRef = "#";
    else if (key === "$dynamicAnchor" && inner === "meta") out.$recursiveAnchor = true;
    else out[key] = toRecursive(inner);
  }
  return out;
}

/** The meta-schema documents in the form the validator understands: the top document first, then its vocabularies. */
export function metaSchemaDocuments(): Record<string, Json>[] {
  return [top, core, applicator, unevaluated, validation, metaData, formatAnnotation, content].map(
    (doc) => toRecursive(doc) as Record<string, Json>,
  );
}
