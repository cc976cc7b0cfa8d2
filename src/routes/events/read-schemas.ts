import { z } from "@hono/zod-openapi";
import { eventTypePatternSchema } from "../../domain/event-type-pattern";
import { FORMATS } from "../../domain/formats";
import { Delivery } from "../deliveries/schemas";
import { eventExamples } from "./examples";

const typeFilter = eventTypePatternSchema.optional().openapi({
  description: "Only events of this type, or of a `prefix.*` pattern (`openid.credential.*`)",
  example: "openid.credential.*",
});
const walletFilter = z.string().min(1).max(200).optional().openapi({
  description: "Admin only: the wallet whose log to read (default wallet when omitted)",
});

/** `GET /v1/events`: a page of the log after a cursor. */
export const EventLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ example: 50 }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: "nextCursor of the previous page; without it, the log's start" }),
  type: typeFilter,
  walletId: walletFilter,
});

/** `GET /v1/events/{id}`: the admin names the wallet, as ids are per wallet. */
export const EventReadQuery = z.object({
  walletId: walletFilter,
  token: z.string().max(300).optional().openapi({
    description: "The token in a thin delivery's href: reads this event without a key, for 1 hour",
  }),
});

/** `GET /v1/events/stream`. */
export const EventStreamQuery = z.object({
  type: typeFilter,
  walletId: walletFilter,
  lastEventId: z.string().max(20).optional().openapi({
    description:
      "Resume after this event id (a log position), for clients that cannot send the Last-Event-ID header",
  }),
});

export const EventStreamHeaders = z.object({
  "last-event-id": z
    .string()
    .max(20)
    .optional()
    .openapi({ description: "Resume after this event id; EventSource sends it on reconnection" }),
});

/** An event as stored; never the notify target's bearer token. */
export const LoggedEvent = z
  .object({
    id: z.string(),
    walletId: z.string(),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
    channels: z.array(z.string()),
    subject: z.string().nullable(),
    expiresAt: z.string().nullable(),
    notify: z.object({ url: z.string(), format: z.enum(FORMATS) }).nullable(),
    createdAt: z.string(),
  })
  .openapi("LoggedEvent", { example: eventExamples.logged });

export const EventLogPage = z
  .object({
    data: z.array(LoggedEvent),
    nextCursor: z.string().openapi({
      description:
        "Always set: poll again with it to get what is stored next (the same cursor when the page is empty)",
    }),
  })
  .openapi("EventLogPage", { example: eventExamples.page });

export const EventWithDeliveries = LoggedEvent.extend({
  deliveries: z.array(Delivery).optional().openapi({
    description:
      "As last mirrored from the webhook objects (in batches, so a few seconds behind); at most 1000. Absent when read with a link's ?token=",
  }),
}).openapi("EventWithDeliveries", { example: eventExamples.withDeliveries });
