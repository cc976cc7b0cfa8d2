import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

// drizzle() walks the whole schema on every call (about 3 % of an ingest request's CPU when
// made per request); the handle holds no per-request state, so one per D1 binding is enough.
const handles = new WeakMap<D1Database, Handle>();

const open = (d1: D1Database) => drizzle(d1, { schema });

/** A drizzle handle over one D1 database. */
export type Handle = ReturnType<typeof open>;

/**
 * The control database's handle (wallets, keys, webhooks, ...: the `DB` binding), carrying
 * the data-plane shards that hold events, deliveries and attempts (ARCHITECTURE.md, "D1
 * shards"). With one shard, the shard is the control database itself.
 */
export type Database = Handle & { readonly shards: readonly Handle[] };

/** The bindings a Database is made of: `DB`, and `DB_0..n-1` when D1_SHARDS is above 1. */
export type D1Bindings = { DB: D1Database; D1_SHARDS?: string };

function handleOf(d1: D1Database): Handle {
  let handle = handles.get(d1);
  if (!handle) {
    handle = open(d1);
    handles.set(d1, handle);
  }
  return handle;
}

/** How many data-plane shards the environment configures (D1_SHARDS, default 1). */
export function shardCount(env: D1Bindings): number {
  const raw = env.D1_SHARDS?.trim() ?? "";
  const n = raw === "" ? 1 : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error("D1_SHARDS must be a whole number, 1 or more");
  return n;
}

function shardBindings(env: D1Bindings): D1Database[] {
  const n = shardCount(env);
  if (n === 1) return [env.DB];
  return Array.from({ length: n }, (_, i) => {
    const d1 = (env as unknown as Record<string, D1Database | undefined>)[`DB_${i}`];
    if (!d1) throw new Error(`D1_SHARDS is ${n}, but no D1 binding DB_${i} exists`);
    return d1;
  });
}

/** Herald's D1 (control database plus shards), one handle per environment, reused. */
export function database(env: D1Bindings): Database {
  const control = handleOf(env.DB) as Handle & { shards?: readonly Handle[] };
  // With one shard the shard is the control handle itself: nothing changes at D1_SHARDS=1.
  control.shards ??= shardBindings(env).map(handleOf);
  return control as Database;
}
