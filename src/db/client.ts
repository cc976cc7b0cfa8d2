import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

// drizzle() walks the whole schema on every call (about 3 % of an ingest request's CPU when
// made per request); the handle holds no per-request state, so one per D1 binding is enough.
const handles = new WeakMap<D1Database, ReturnType<typeof open>>();

const open = (d1: D1Database) => drizzle(d1, { schema });

/** The drizzle handle over D1, with the schema's tables (one per binding, reused). */
export function database(d1: D1Database) {
  let handle = handles.get(d1);
  if (!handle) {
    handle = open(d1);
    handles.set(d1, handle);
  }
  return handle;
}

export type Database = ReturnType<typeof database>;
