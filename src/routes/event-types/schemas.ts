import { z } from "@hono/zod-openapi";
import { BUILTIN_SOURCES } from "../../domain/event-catalog";
import { eventTypeSchema } from "../../domain/event-type-pattern";
import { eventTypeExamples } from "./examples";

const Source = z.enum([...BUILTIN_SOURCES, "wallet"]).openapi({
  description: "The agent that sends it, herald for Herald's own, wallet for a wallet's own type",
});
const JsonObject = z.record(z.string(), z.unknown());

export const EventType = z
  .object({
    name: z.string().openapi({ example: "openid.credential.offer_sent" }),
    description: z.string(),
    source: Source,
    deprecated: z.boolean(),
    schema: JsonObject.nullable().openapi({
      description: "JSON Schema (draft 2020-12) of the event's data",
    }),
    example: JsonObject.nullable().openapi({ description: "An example data object" }),
    validateIngest: z
      .boolean()
      .optional()
      .openapi({ description: "Wallet types: ingest refuses data that does not match the schema" }),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .openapi("EventType", { example: eventTypeExamples.builtin });

export const EventTypeList = z.object({ data: z.array(EventType) }).openapi("EventTypeList", {
  example: { data: [eventTypeExamples.builtin] },
});

export const CreateEventTypeBody = z
  .object({
    name: eventTypeSchema.openapi({ example: "acme.badge.issued" }),
    description: z.string().min(1).max(1000),
    schema: JsonObject.optional().openapi({
      description: "JSON Schema (draft 2020-12) of the data; local $refs only",
      example: { type: "object", required: ["badgeId"] },
    }),
    example: JsonObject.optional().openapi({
      description: "An example data object; must match the schema",
      example: { badgeId: "b-1" },
    }),
    validateIngest: z.boolean().optional().openapi({
      description:
        "Refuse ingested events of this type whose data does not match the schema (needs a schema)",
    }),
  })
  .strict()
  .openapi("CreateEventType", { example: eventTypeExamples.create });

export const EventTypeListQuery = z.object({
  source: Source.optional(),
  walletId: z
    .uuid()
    .optional()
    .openapi({ description: "Admin only: include this wallet's own types" }),
});

export const EventTypeReadQuery = EventTypeListQuery.pick({ walletId: true });

export const NameParam = z.object({
  name: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "name", in: "path" }, example: "ConnectionUpdated" }),
});
