import type { JsonSchema } from "../json-schema";

/** Where a built-in event type comes from: an agent whose webhooks Herald speaks, or Herald itself. */
export const BUILTIN_SOURCES = [
  "identus",
  "waltid",
  "proven",
  "igrant",
  "acapy",
  "herald",
] as const;
export type BuiltinSource = (typeof BUILTIN_SOURCES)[number];

/** One event type of the built-in catalog. */
export interface EventTypeDefinition {
  name: string;
  description: string;
  source: BuiltinSource;
  /** Still delivered, but the agent has a newer event for it. */
  deprecated?: boolean;
  /** JSON Schema (draft 2020-12) of the event's `data`. */
  schema: JsonSchema;
  /** An example `data`, valid against `schema`. */
  example: Record<string, unknown>;
}
