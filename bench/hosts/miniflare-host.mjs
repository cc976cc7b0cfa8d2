// A system under test in the Miniflare harness: one Node process running Miniflare (and its
// workerd child), so the bench can measure this process tree alone. Started by bench/lib/hosts.mjs
// with a JSON spec as its only argument; prints `READY <url>` once it answers, and disposes
// Miniflare on SIGTERM / SIGINT or when its parent goes away.
//   spec: {kind: "herald", bundleDir, persistDir, vars} | {kind: "ceiling", ceiling: "c1" | "c2" | "c3", vars}
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import wrangler from "wrangler";
import { ceilingWorker } from "../ceilings/workers.mjs";
import { projectRoot } from "../lib/paths.mjs";

const spec = JSON.parse(process.argv[2] ?? "{}");

/** Herald's bindings exactly as wrangler.toml declares them, with the bundle's modules as the code. */
function heraldOptions() {
  // configPath: another checkout's wrangler.toml, when comparing two versions of Herald.
  const { workerOptions } = wrangler.unstable_getMiniflareWorkerOptions(
    spec.configPath ?? path.join(projectRoot, "wrangler.toml"),
  );
  const { modulesRules: _rules, ...options } = workerOptions;
  const files = readdirSync(spec.bundleDir).filter(
    (f) => f !== "index.js" && !f.endsWith(".map") && f !== "README.md",
  );
  return {
    ...options,
    name: "herald",
    rootPath: spec.bundleDir,
    modulesRoot: spec.bundleDir,
    modules: [
      { type: /** @type {const} */ ("ESModule"), path: path.join(spec.bundleDir, "index.js") },
      // wrangler emits [[rules]] Text files beside index.js (older checkouts bundled Swagger UI so).
      ...files.map((f) => ({
        type: /** @type {const} */ ("Text"),
        path: path.join(spec.bundleDir, f),
      })),
    ],
    bindings: Object.assign({}, options.bindings, spec.vars),
  };
}

/** Applies migrations/*.sql in order, statement by statement (what `wrangler d1 migrations apply` runs). */
async function applyMigrations(mf) {
  const db = await mf.getD1Database("DB");
  const dir = path.join(
    spec.configPath ? path.dirname(spec.configPath) : projectRoot,
    "migrations",
  );
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const statements = wrangler.unstable_splitSqlQuery(readFileSync(path.join(dir, file), "utf8"));
    await db.batch(statements.map((s) => db.prepare(s)));
  }
}

async function main() {
  /** @type {import("miniflare").V4WorkerOptions} */
  const worker =
    spec.kind === "herald" ? heraldOptions() : ceilingWorker(spec.ceiling, spec.vars ?? {});
  // Options in the shape wrangler produces (Miniflare 4's), converted to this Miniflare's own.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      log: new Log(LogLevel.WARN),
      resourcePersistencePath: spec.persistDir,
      // Only for profiling (bench/profile.mjs): the DevTools protocol on this port.
      ...(spec.inspectorPort ? { inspectorPort: spec.inspectorPort } : {}),
      workers: [worker],
    }),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await mf.dispose();
    } finally {
      process.exit(0);
    }
  };
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, stop);
  // The bench talks to us over IPC: when it goes, so do we.
  process.on("disconnect", stop);
  const url = await mf.ready;
  if (spec.kind === "herald") await applyMigrations(mf);
  process.stdout.write(`READY ${url.origin}\n`);
}

main().catch((err) => {
  process.stderr.write(`miniflare host failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
