import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { JsonSchema } from "../domain/json-schema";

// Mirrors migrations/0003_event_types.sql: the event types wallets register themselves.

export const eventTypes = sqliteTable(
  "event_types",
  {
    walletId: text("wallet_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    schema: text("schema", { mode: "json" }).$type<JsonSchema>(),
    example: text("example", { mode: "json" }).$type<Record<string, unknown>>(),
    validateIngest: integer("validate_ingest", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.walletId, t.name] }),
    index("event_types_name").on(t.name),
    index("event_types_validating").on(t.walletId).where(sql`validate_ingest = 1`),
  ],
);
