import { ACAPY_EVENT_TYPES } from "./acapy";
import { HERALD_EVENT_TYPES } from "./herald";
import { IDENTUS_EVENT_TYPES } from "./identus";
import { IGRANT_EVENT_TYPES } from "./igrant";
import { PROVEN_EVENT_TYPES } from "./proven";
import type { EventTypeDefinition } from "./types";
import { WALTID_EVENT_TYPES } from "./waltid";

export { closestNames } from "./closest-names";
export { isReservedEventType, RESERVED_TYPE_PREFIX } from "./herald";
export { BUILTIN_SOURCES, type BuiltinSource, type EventTypeDefinition } from "./types";

/** Every event type Herald knows without being told: the seeds' agents' and its own. */
export const BUILTIN_EVENT_TYPES: readonly EventTypeDefinition[] = Object.freeze([
  ...IDENTUS_EVENT_TYPES,
  ...WALTID_EVENT_TYPES,
  ...PROVEN_EVENT_TYPES,
  ...IGRANT_EVENT_TYPES,
  ...ACAPY_EVENT_TYPES,
  ...HERALD_EVENT_TYPES,
]);

const byName = new Map(BUILTIN_EVENT_TYPES.map((definition) => [definition.name, definition]));

/** The built-in definition of a type, or undefined. */
export function builtinEventType(name: string): EventTypeDefinition | undefined {
  return byName.get(name);
}

/** True when the name is a built-in type (wallets may not register these). */
export function isBuiltinEventType(name: string): boolean {
  return byName.has(name);
}

/** The names of every built-in type, in catalog order. */
export const BUILTIN_EVENT_TYPE_NAMES: readonly string[] = Object.freeze([...byName.keys()]);
