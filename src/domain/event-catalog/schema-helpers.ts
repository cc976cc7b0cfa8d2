import { JSON_SCHEMA_DIALECT, type JsonSchema } from "../json-schema";

// Small builders so each catalog file reads as a table of fields. Every object schema allows
// extra properties: agents add fields between versions, and a receiver must not break on them.

/** The schema of an event's `data`: an object with these properties, the `required` ones always present. */
export function dataSchema(
  title: string,
  properties: Record<string, JsonSchema>,
  required: readonly string[] = [],
): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title,
    type: "object",
    properties,
    ...(required.length ? { required: [...required] } : {}),
    additionalProperties: true,
  };
}

/** A nested object with these properties (more allowed). */
export function record(
  description: string,
  properties: Record<string, JsonSchema> = {},
  required: readonly string[] = [],
): JsonSchema {
  return {
    type: "object",
    description,
    properties,
    ...(required.length ? { required: [...required] } : {}),
    additionalProperties: true,
  };
}

export const text = (description: string): JsonSchema => ({ type: "string", description });
export const textOrNull = (description: string): JsonSchema => ({
  type: ["string", "null"],
  description,
});
export const timestamp = (description: string): JsonSchema => ({
  type: "string",
  format: "date-time",
  description,
});
export const flag = (description: string): JsonSchema => ({ type: "boolean", description });
export const count = (description: string): JsonSchema => ({
  type: "integer",
  minimum: 0,
  description,
});
export const choice = (values: readonly string[], description: string): JsonSchema => ({
  type: "string",
  enum: [...values],
  description,
});
export const list = (items: JsonSchema, description: string): JsonSchema => ({
  type: "array",
  items,
  description,
});
