import {
  dereference,
  ignoredKeyword,
  type OutputUnit,
  type Schema,
  schemaArrayKeyword,
  schemaMapKeyword,
  Validator,
} from "@cfworker/json-schema";
import { META_SCHEMA_ID, metaSchemaDocuments } from "./json-schema-meta";
import { screenPattern } from "./regex-screen";

// JSON Schema (draft 2020-12) through @cfworker/json-schema: an interpreter, so it runs in
// workerd, where validators that compile schemas with `new Function` (Ajv) are refused.
// It implements 2020-12 except $dynamicRef/$dynamicAnchor, so schemas using those are refused
// rather than half-checked. It asserts `format` (date-time, uri, email, ...), as Ajv does with
// ajv-formats. Remote $refs are never fetched: a schema must be self-contained.

/** A JSON Schema object. */
export type JsonSchema = { [key: string]: unknown };

/** One way the data (or a schema) fails: `path` is dotted ("credential.id", "" for the whole value). */
export interface SchemaError {
  path: string;
  message: string;
}

export interface SchemaOutcome {
  valid: boolean;
  errors: SchemaError[];
}

/** The dialect Herald validates with; `$schema` may be absent or this. */
export const JSON_SCHEMA_DIALECT = META_SCHEMA_ID;

const DRAFT = "2020-12";
const MAX_ERRORS = 20;
const UNSUPPORTED_KEYWORDS = ["$dynamicRef", "$dynamicAnchor"];

/** Compiles a schema once for many validations (the schema is copied, never changed). */
export function compileSchema(schema: JsonSchema): (data: unknown) => SchemaOutcome {
  const validator = new Validator(structuredClone(schema) as Schema, DRAFT, false);
  return (data) => outcome(validator.validate(data));
}

const ENDLESS =
  "The schema refers to itself without consuming any input (a $ref cycle), so nothing can be checked against it";

/** Validates data against a schema; a schema that recurses without end is an error, not a stack overflow. */
export function validate(schema: JsonSchema, data: unknown): SchemaOutcome {
  try {
    return compileSchema(schema)(data);
  } catch (err) {
    if (err instanceof RangeError)
      return { valid: false, errors: [{ path: "", message: ENDLESS }] };
    throw err;
  }
}

// A $ref cycle that consumes no input recurses for any value (or any value of one kind):
// trying one of each kind finds it at registration instead of at the first ingest.
const PROBES: unknown[] = [null, true, 0, "", [], {}, [{}], { a: {} }];

function recursesWithoutEnd(schema: JsonSchema): boolean {
  const check = compileSchema(schema);
  try {
    for (const probe of PROBES) check(probe);
    return false;
  } catch (err) {
    if (err instanceof RangeError) return true;
    throw err;
  }
}

let metaValidator: Validator | undefined;

/**
 * Checks that a value is a JSON Schema object Herald can use: valid against the draft 2020-12
 * meta-schema, `$schema` absent or 2020-12, no $dynamicRef/$dynamicAnchor, every $ref resolvable
 * inside the schema itself.
 */
export function isValidSchema(schema: unknown): SchemaOutcome {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return { valid: false, errors: [{ path: "", message: "A schema must be a JSON object" }] };
  }
  if (!metaValidator) {
    const [top, ...vocabularies] = metaSchemaDocuments();
    metaValidator = new Validator(top as Schema, DRAFT, false);
    for (const doc of vocabularies) metaValidator.addSchema(doc as Schema);
  }
  const meta = outcome(metaValidator.validate(schema));
  if (!meta.valid) return meta;
  const errors = supportErrors(schema as JsonSchema);
  if (errors.length === 0 && recursesWithoutEnd(schema as JsonSchema))
    errors.push({ path: "$ref", message: ENDLESS });
  return { valid: errors.length === 0, errors };
}

function supportErrors(schema: JsonSchema): SchemaError[] {
  const declared = schema.$schema;
  if (declared !== undefined && String(declared).replace(/#$/, "") !== JSON_SCHEMA_DIALECT) {
    return [
      {
        path: "$schema",
        message: `Herald validates with JSON Schema draft 2020-12: omit $schema or set it to ${JSON_SCHEMA_DIALECT}`,
      },
    ];
  }
  const copy = structuredClone(schema);
  let lookup: Record<string, unknown>;
  try {
    lookup = dereference(copy as Schema);
  } catch (err) {
    return [{ path: "", message: err instanceof Error ? err.message : String(err) }];
  }
  const errors: SchemaError[] = [];
  visitSubschemas(copy, [], (node, path) => {
    for (const keyword of UNSUPPORTED_KEYWORDS) {
      if (keyword in node)
        errors.push({
          path: dotted([...path, keyword]),
          message: `${keyword} is not supported; use $ref and $defs`,
        });
    }
    if (typeof node.pattern === "string") {
      const why = screenPattern(node.pattern);
      if (why) errors.push({ path: dotted([...path, "pattern"]), message: `pattern ${why}` });
    }
    const patternProperties = node.patternProperties;
    if (patternProperties && typeof patternProperties === "object") {
      for (const key of Object.keys(patternProperties)) {
        const why = screenPattern(key);
        if (why)
          errors.push({
            path: dotted([...path, "patternProperties", key]),
            message: `patternProperties key ${why}`,
          });
      }
    }
    const absolute = (node as { __absolute_ref__?: string }).__absolute_ref__;
    if (
      typeof node.$ref === "string" &&
      (absolute === undefined || lookup[absolute] === undefined)
    ) {
      errors.push({
        path: dotted([...path, "$ref"]),
        message: `$ref "${node.$ref}" does not resolve inside this schema (remote schemas are not fetched)`,
      });
    }
  });
  return errors.slice(0, MAX_ERRORS);
}

// Walks the schema positions the validator walks (dereference's rules), so `const`, `enum` and
// `examples` values that happen to contain "$ref" keys are data, not references.
function visitSubschemas(
  node: unknown,
  path: string[],
  visit: (node: JsonSchema, path: string[]) => void,
): void {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return;
  const schema = node as JsonSchema;
  visit(schema, path);
  for (const [key, value] of Object.entries(schema)) {
    if (ignoredKeyword[key]) continue;
    if (Array.isArray(value)) {
      if (schemaArrayKeyword[key])
        for (const [i, item] of value.entries())
          visitSubschemas(item, [...path, key, String(i)], visit);
    } else if (schemaMapKeyword[key] && value && typeof value === "object") {
      for (const [name, inner] of Object.entries(value))
        visitSubschemas(inner, [...path, key, name], visit);
    } else {
      visitSubschemas(value, [...path, key], visit);
    }
  }
}

// The validator reports every level of a failure ("properties" > "$ref" > "type"); a client
// wants the innermost ones, so an error with another beneath it (by keyword location) is dropped.
function outcome(result: { valid: boolean; errors: OutputUnit[] }): SchemaOutcome {
  if (result.valid) return { valid: true, errors: [] };
  const units = result.errors;
  const hasInner = new Set<string>();
  for (const unit of units) {
    const parts = unit.keywordLocation.split("/");
    for (let n = 1; n < parts.length; n++) hasInner.add(parts.slice(0, n).join("/"));
  }
  const leaves = units.filter((unit) => !hasInner.has(unit.keywordLocation));
  // "False boolean schema." restates the additionalProperties: false error beside it.
  const meaningful = leaves.length > 1 ? leaves.filter((unit) => unit.keyword !== "false") : leaves;
  const seen = new Set<string>();
  const errors: SchemaError[] = [];
  for (const unit of meaningful) {
    const error = { path: pointerToPath(unit.instanceLocation), message: unit.error };
    const key = `${error.path}\n${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(error);
    if (errors.length === MAX_ERRORS) break;
  }
  return { valid: false, errors };
}

/** "#/credential/a~1b" -> "credential.a/b". */
function pointerToPath(pointer: string): string {
  const segments = pointer.replace(/^#\/?/, "");
  if (!segments) return "";
  return dotted(segments.split("/").map((s) => unescapeSegment(s)));
}

function unescapeSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded after all: keep it as it is.
  }
  return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
}

function dotted(segments: string[]): string {
  return segments.join(".");
}
