import { builtinEventType } from "../../domain/event-catalog";

// Examples for the OpenAPI document (what GET /openapi.json shows and generators copy).

const builtin = builtinEventType("openid.credential.offer_sent")!;

const schema = {
  type: "object",
  required: ["badgeId"],
  properties: { badgeId: { type: "string" } },
};

export const eventTypeExamples = {
  builtin: {
    name: builtin.name,
    description: builtin.description,
    source: builtin.source,
    deprecated: false,
    schema: builtin.schema,
    example: builtin.example,
  },
  create: {
    name: "acme.badge.issued",
    description: "A badge was issued to a member",
    schema,
    example: { badgeId: "b-1" },
    validateIngest: true,
  },
  created: {
    name: "acme.badge.issued",
    description: "A badge was issued to a member",
    source: "wallet" as const,
    deprecated: false,
    schema,
    example: { badgeId: "b-1" },
    validateIngest: true,
    createdAt: "2026-01-01T09:10:00.000Z",
    updatedAt: "2026-01-01T09:10:00.000Z",
  },
};
