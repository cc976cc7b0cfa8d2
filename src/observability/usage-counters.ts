// Running totals of what this isolate asked of D1 and of Durable Objects since it started:
// the per-event costs the capacity model (`npm run capacity`) divides by events. Counted by
// wrapping the bindings once per env (countedEnv); a counter is an integer add per call.
// Per isolate: one isolate in `wrangler dev` and Miniflare (the bench), many in production.
import type { MetricFamily } from "./prometheus";

const counts = {
  /** D1 round trips: a statement run alone, a batch, an exec. */
  d1Calls: 0,
  /** SQL statements, those inside a batch each counted. */
  d1Statements: 0,
  /** Rows D1 reported read and written (meta of run/all/batch; raw and first report none). */
  d1RowsRead: 0,
  d1RowsWritten: 0,
  /** Calls made on Durable Object stubs (RPC methods and fetch). */
  objectCalls: 0,
};
const startedAt = new Date().toISOString();

/** The totals so far and when counting started. */
export function usageCounts() {
  return { startedAt, ...counts };
}

type Meta = { meta?: { rows_read?: number; rows_written?: number } };

function addMeta(result: unknown) {
  const meta = (result as Meta | null)?.meta;
  counts.d1RowsRead += meta?.rows_read ?? 0;
  counts.d1RowsWritten += meta?.rows_written ?? 0;
  return result;
}

/** A prepared statement that counts its runs; `inner` is what D1's batch needs. */
class CountedStatement {
  constructor(readonly inner: D1PreparedStatement) {}
  bind(...values: unknown[]) {
    return new CountedStatement(this.inner.bind(...values));
  }
  private one() {
    counts.d1Calls++;
    counts.d1Statements++;
  }
  first(column?: string) {
    this.one();
    return column === undefined ? this.inner.first() : this.inner.first(column);
  }
  async all() {
    this.one();
    return addMeta(await this.inner.all());
  }
  async run() {
    this.one();
    return addMeta(await this.inner.run());
  }
  raw(options?: { columnNames?: boolean }) {
    this.one();
    // biome-ignore lint/suspicious/noExplicitAny: raw's overloads differ only in the tuple shape.
    return this.inner.raw(options as any);
  }
}

/** D1 with every call counted; it forwards the repositories' statements, it writes none. */
function countedD1(db: D1Database): D1Database {
  const prepare = db.prepare.bind(db);
  const batch = db.batch.bind(db);
  const wrapped = {
    prepare: (sql: string) => new CountedStatement(prepare(sql)),
    async batch(statements: CountedStatement[]) {
      counts.d1Calls++;
      counts.d1Statements += statements.length;
      const results = await batch(statements.map((s) => s.inner ?? s));
      for (const r of results) addMeta(r);
      return results;
    },
    async exec(sql: string) {
      counts.d1Calls++;
      const result = await db.exec(sql);
      counts.d1Statements += result.count;
      return result;
    },
    withSession: (...args: Parameters<D1Database["withSession"]>) => db.withSession(...args),
    dump: () => db.dump(),
  };
  return wrapped as unknown as D1Database;
}

/** A stub whose every method call is counted (symbols and non-functions pass through). */
function countedStub<T extends object>(stub: T): T {
  return new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof prop === "symbol" || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        counts.objectCalls++;
        return Reflect.apply(value, target, args);
      };
    },
  });
}

function countedNamespace(ns: DurableObjectNamespace): DurableObjectNamespace {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === "get" || prop === "getByName")
        return (...args: unknown[]) =>
          countedStub((value as (...a: unknown[]) => object).apply(target, args));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// By class name: `in` checks would also match service bindings, whose stubs claim every name.
const className = (v: unknown) =>
  typeof v === "object" && v !== null ? Object.getPrototypeOf(v)?.constructor?.name : undefined;
const isD1 = (v: unknown): v is D1Database => className(v) === "D1Database";
const isNamespace = (v: unknown): v is DurableObjectNamespace =>
  className(v) === "DurableObjectNamespace";

const envs = new WeakMap<object, object>();

/** `env` with its D1 databases and object namespaces counted (one wrapper per env object). */
export function countedEnv<E extends object>(env: E): E {
  let counted = envs.get(env);
  if (!counted) {
    const out = { ...env } as Record<string, unknown>;
    for (const [key, value] of Object.entries(out)) {
      if (isD1(value)) out[key] = countedD1(value);
      else if (isNamespace(value)) out[key] = countedNamespace(value);
    }
    counted = out;
    envs.set(env, counted);
  }
  return counted as E;
}

/** The totals as Prometheus counters. */
export function usageFamilies(): MetricFamily[] {
  const c = usageCounts();
  const family = (name: string, help: string, value: number): MetricFamily => ({
    name,
    help: `${help} Since this isolate started.`,
    type: "counter",
    samples: [{ value }],
  });
  return [
    family(
      "herald_isolate_d1_calls_total",
      "D1 round trips (a statement, a batch, an exec).",
      c.d1Calls,
    ),
    family(
      "herald_isolate_d1_statements_total",
      "D1 statements, each in a batch counted.",
      c.d1Statements,
    ),
    family(
      "herald_isolate_d1_rows_read_total",
      "Rows D1 reported read (run, all, batch).",
      c.d1RowsRead,
    ),
    family(
      "herald_isolate_d1_rows_written_total",
      "Rows D1 reported written (run, all, batch).",
      c.d1RowsWritten,
    ),
    family("herald_isolate_object_calls_total", "Calls on Durable Object stubs.", c.objectCalls),
  ];
}
