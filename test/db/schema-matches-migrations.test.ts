import { env } from "cloudflare:workers";
import { is, type SQL } from "drizzle-orm";
import {
  getTableConfig,
  SQLiteColumn,
  SQLiteSyncDialect,
  SQLiteTable,
} from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as eventTypesSchema from "../../src/db/event-types-schema";
import * as schema from "../../src/db/schema";

// migrations/*.sql build the database; src/db/schema.ts describes it to drizzle. Both are
// written by hand, so this holds them to each other: the same tables, columns (name, type,
// NOT NULL, primary key) and indexes (name, columns, unique, WHERE), read back from the
// migrated D1 with PRAGMA.

const exported: unknown[] = [...Object.values(schema), ...Object.values(eventTypesSchema)];
const tables = exported.filter((value): value is SQLiteTable => is(value, SQLiteTable));
const dialect = new SQLiteSyncDialect();

interface PragmaColumn {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}
interface PragmaIndex {
  name: string;
  unique: number;
  origin: "c" | "u" | "pk";
  partial: number;
}

async function all<T>(query: string, ...params: string[]): Promise<T[]> {
  return (
    await env.DB.prepare(query)
      .bind(...params)
      .all<T>()
  ).results;
}

/** Tables the migrations created (not SQLite's, D1's or the migration log). */
async function migratedTables(): Promise<string[]> {
  const rows = await all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
  );
  return rows.map((row) => row.name).sort();
}

async function indexColumns(index: string): Promise<string[]> {
  const rows = await all<{ seqno: number; name: string }>(`PRAGMA index_info("${index}")`);
  return rows.sort((a, b) => a.seqno - b.seqno).map((row) => row.name);
}

/** The WHERE of a partial index as written in its CREATE INDEX, whitespace normalised. */
async function indexWhere(index: string): Promise<string | null> {
  const [row] = await all<{ sql: string }>(
    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
    index,
  );
  const where = row?.sql.match(/\bWHERE\b([\s\S]*)$/i)?.[1];
  return where ? normalise(where) : null;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function columnNames(columns: (SQLiteColumn | SQL)[]): string[] {
  return columns.map((column) => (is(column, SQLiteColumn) ? column.name : "<expression>"));
}

describe("the drizzle schema", () => {
  it("names the same tables as the migrations", async () => {
    const declared = tables.map((table) => getTableConfig(table).name).sort();
    expect(declared).toEqual(await migratedTables());
  });

  for (const table of tables) {
    const config = getTableConfig(table);

    it(`declares ${config.name}'s columns as the migrations create them`, async () => {
      const migrated = await all<PragmaColumn>(`PRAGMA table_info("${config.name}")`);
      const compositeKey = config.primaryKeys[0]?.columns.map((column) => column.name) ?? [];
      const declared = config.columns.map((column) => ({
        name: column.name,
        type: column.getSQLType().toUpperCase(),
        // SQLite lets a non-INTEGER PRIMARY KEY column hold NULL unless it says NOT NULL, and
        // reports notnull = 0 for it; drizzle marks every key column not null. Compared apart.
        notnull: column.primary ? null : column.notNull,
        pk: column.primary ? 1 : compositeKey.indexOf(column.name) + 1,
      }));
      const actual = migrated.map((column) => ({
        name: column.name,
        type: column.type.toUpperCase(),
        notnull: column.pk === 1 && compositeKey.length === 0 ? null : column.notnull === 1,
        pk: column.pk,
      }));
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(declared.sort(byName)).toEqual(actual.sort(byName));
    });

    it(`declares ${config.name}'s indexes and unique constraints as the migrations create them`, async () => {
      const migrated = await all<PragmaIndex>(`PRAGMA index_list("${config.name}")`);

      const createdIndexes = await Promise.all(
        migrated
          .filter((index) => index.origin === "c")
          .map(async (index) => ({
            name: index.name,
            columns: await indexColumns(index.name),
            unique: index.unique === 1,
            where: index.partial === 1 ? await indexWhere(index.name) : null,
          })),
      );
      const declaredIndexes = config.indexes.map((index) => ({
        name: index.config.name,
        columns: columnNames(index.config.columns),
        unique: index.config.unique,
        where: index.config.where ? normalise(dialect.sqlToQuery(index.config.where).sql) : null,
      }));
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(declaredIndexes.sort(byName)).toEqual(createdIndexes.sort(byName));

      // UNIQUE constraints get SQLite's automatic index names, so they are compared by columns.
      const migratedUnique = await Promise.all(
        migrated
          .filter((index) => index.origin === "u")
          .map(async (index) => (await indexColumns(index.name)).join(",")),
      );
      const declaredUnique = [
        ...config.uniqueConstraints.map((constraint) =>
          constraint.columns.map((column) => column.name).join(","),
        ),
        ...config.columns.filter((column) => column.isUnique).map((column) => column.name),
      ];
      expect(declaredUnique.sort()).toEqual(migratedUnique.sort());
    });
  }
});
