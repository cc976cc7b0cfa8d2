import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Mirrors migrations/0008_portal.sql: portal links and browser sessions.

export const portalLinks = sqliteTable(
  "portal_links",
  {
    id: text("id").primaryKey(),
    walletId: text("wallet_id").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    readOnly: integer("read_only", { mode: "boolean" }).notNull().default(false),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("portal_links_expiry").on(t.expiresAt)],
);

export const portalSessions = sqliteTable(
  "portal_sessions",
  {
    id: text("id").primaryKey(),
    walletId: text("wallet_id"),
    keyHash: text("key_hash"),
    readOnly: integer("read_only", { mode: "boolean" }).notNull().default(false),
    expiresAt: text("expires_at").notNull(),
    endedAt: text("ended_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("portal_sessions_expiry").on(t.expiresAt)],
);
