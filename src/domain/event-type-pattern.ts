import { z } from "zod";

const WILDCARD_SUFFIX = ".*";

/** zod schema for an event type name: 1-200 chars of [A-Za-z0-9_.:/-] (ACA-Py, Proven, iGrant and Herald names alike). */
export const eventTypeSchema = z
  .string()
  .min(1, "event type must not be empty")
  .max(200, "event type must be at most 200 characters")
  .regex(/^[A-Za-z0-9_.:/-]+$/, "event type may contain only letters, digits and _ . : / -");

/** zod schema for one event-type pattern: 1-200 chars of [A-Za-z0-9_.:/-], optionally ending in `.*`, or `*`. */
export const eventTypePatternSchema = z
  .string()
  .min(1, "event type pattern must not be empty")
  .max(200, "event type pattern must be at most 200 characters")
  .regex(
    /^(\*|[A-Za-z0-9_.:/-]+(\.\*)?)$/,
    "event type pattern must be an event type, a prefix ending in .* (such as openid.credential.*), or *",
  );

/** zod schema for a channel name: 1-128 chars of [A-Za-z0-9_.:-]. */
export const channelSchema = z
  .string()
  .min(1, "channel must not be empty")
  .max(128, "channel must be at most 128 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "channel may contain only letters, digits and _ . : -");

/** True when the event type is selected by the webhook's patterns (empty = all). Patterns are exact names or `prefix.*` wildcards matching any type that starts with `prefix.`; a lone `*` matches everything. */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => matchesPattern(pattern, type));
}

// Matching is case-sensitive, as the agents' own topic names are. A wildcard
// needs at least one character after the dot, so `openid.credential.*` selects
// `openid.credential.offer_sent` but not an event named `openid.credential`.
function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.endsWith(WILDCARD_SUFFIX)) return pattern === type;
  const prefix = pattern.slice(0, -1); // keeps the dot: "openid.credential."
  return type.length > prefix.length && type.startsWith(prefix);
}

/** True when the event's channels intersect the webhook's (a webhook with no channels takes all; an event with no channels goes only to webhooks with no channels). */
export function matchesChannels(
  webhookChannels: readonly string[],
  eventChannels: readonly string[],
): boolean {
  if (webhookChannels.length === 0) return true;
  return eventChannels.some((channel) => webhookChannels.includes(channel));
}
