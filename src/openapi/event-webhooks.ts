import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { BUILTIN_EVENT_TYPES, type EventTypeDefinition } from "../domain/event-catalog";
import type { JsonSchema } from "../domain/json-schema";

// The document's OpenAPI 3.1 `webhooks` section: what Herald POSTs to a receiver, one entry per
// catalog type, so receiver types can be generated (clients/typescript builds its event union
// from these). Bodies are the standard format, the default; other formats reshape the same event.

/** The component name of a catalog type's standard-format body: "connection:completed" -> "ConnectionCompletedEvent". */
export function eventSchemaName(type: string): string {
  const words = type.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}Event`;
}

const DeliveryHeaders = z.object({
  "webhook-id": z.string().openapi({
    description:
      "`evt_` + 32 hex digits derived from (wallet, event): the same on every retry and for every webhook of the event, never equal for two wallets' events: dedupe on it. The event's own id is in the body",
    example: "evt_5d0c7a3e9b214f86a1e2c3b4d5f60718",
  }),
  "webhook-timestamp": z.string().openapi({
    description: "Unix seconds of this attempt; refuse values more than 5 minutes away from now",
    example: "1767225600",
  }),
  "webhook-signature": z.string().openapi({
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded secret after `whsec_`; two during a secret rotation',
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  }),
});

/** The standard-format envelope `{id, type, timestamp, walletId, data}` around a type's data schema. */
function envelope(definition: EventTypeDefinition): JsonSchema {
  const { $schema: _dialect, ...data } = definition.schema;
  return {
    type: "object",
    title: `${definition.name} event`,
    description: definition.description,
    properties: {
      id: { type: "string", description: "The event's id (the same in every format)" },
      type: { type: "string", const: definition.name },
      timestamp: { type: "string", format: "date-time", description: "When Herald took the event" },
      walletId: { type: "string", description: "The wallet the event belongs to" },
      data,
    },
    required: ["id", "type", "timestamp", "walletId", "data"],
    example: {
      id: "3c1e9a52-6f0d-4b8e-9a7c-2d5f8e1b4a63",
      type: definition.name,
      timestamp: "2026-01-01T00:00:00.000Z",
      walletId: "0192f4b2-6a1e-7b3c-8d2e-1f2a3b4c5d6e",
      data: definition.example,
    },
    ...(definition.deprecated ? { deprecated: true } : {}),
  };
}

/** Registers one `webhooks` entry and one body schema per catalog type, and the `HeraldEvent` union of them all. */
export function registerEventWebhooks(registry: OpenAPIHono["openAPIRegistry"]): void {
  const names = new Map<string, string>();
  for (const definition of BUILTIN_EVENT_TYPES) {
    const name = eventSchemaName(definition.name);
    const taken = names.get(name);
    if (taken) throw new Error(`event types ${taken} and ${definition.name} share ${name}`);
    names.set(name, definition.name);
    registry.registerComponent("schemas", name, envelope(definition));
    registry.registerWebhook({
      method: "post",
      path: definition.name,
      operationId: `on${name}`,
      tags: ["Event payloads"],
      summary: definition.description,
      deprecated: definition.deprecated,
      request: {
        headers: DeliveryHeaders,
        body: {
          required: true,
          content: {
            "application/json": { schema: { $ref: `#/components/schemas/${name}` } },
          },
        },
      },
      responses: {
        200: { description: "Any 2xx: delivered" },
        410: { description: "Gone: Herald disables the webhook" },
      },
    });
  }
  registry.registerComponent("schemas", "HeraldEvent", {
    description: "The standard-format body of any catalog event, discriminated by `type`",
    oneOf: [...names.keys()].map((name) => ({ $ref: `#/components/schemas/${name}` })),
    discriminator: {
      propertyName: "type",
      mapping: Object.fromEntries(
        [...names].map(([name, type]) => [type, `#/components/schemas/${name}`]),
      ),
    },
  });
}
