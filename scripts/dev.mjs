// `npm start`: Herald on http://localhost:8787 (or $PORT) with local D1, Queues and Durable Objects.
// Creates .dev.vars on first run, applies D1 migrations, runs `wrangler dev`, and once the server
// answers prints where everything is. Node built-ins only.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { d1DatabaseNames } from "./lib/d1-shards.mjs";
import { devVarsText } from "./lib/dev-vars.mjs";
import {
  localObservability,
  portIsFree,
  projectRoot,
  readDotenv,
  runWrangler,
  spawnWrangler,
  waitForHealth,
  wranglerVersion,
} from "./lib/wrangler.mjs";

const DATABASE = "herald";
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (text) => (color ? `\x1b[1m${text}\x1b[22m` : text);
const dim = (text) => (color ? `\x1b[2m${text}\x1b[22m` : text);
const say = (line = "") => process.stdout.write(`${line}\n`);

/** The process we are waiting on, so a signal reaches it whichever step we are in. */
let current = null;
/** The signal we were asked to stop with, if any. */
let stopping = null;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopping = signal;
    if (current && current.exitCode === null) current.kill(signal);
    else process.exit(128 + constants.signals[signal]);
  });
}

function port() {
  const raw = process.env.PORT ?? "8787";
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    fail(`PORT must be a TCP port number, not "${raw}"`);
  return value;
}

function fail(message, code = 1) {
  process.stderr.write(`herald: ${message}\n`);
  process.exit(code);
}

/**
 * Where local state lives and which settings file is read: `.wrangler/state` and `.dev.vars` unless
 * HERALD_PERSIST_TO / HERALD_ENV_FILE say otherwise (the Node test suites start a private Herald).
 */
const persistTo = process.env.HERALD_PERSIST_TO;
const envFile = process.env.HERALD_ENV_FILE;
const stateArgs = persistTo ? ["--persist-to", persistTo] : [];

function ensureDevVars() {
  if (envFile) {
    if (!existsSync(envFile)) fail(`HERALD_ENV_FILE ${envFile} does not exist`);
    return envFile;
  }
  const file = path.join(projectRoot, ".dev.vars");
  if (existsSync(file)) return file;
  writeFileSync(file, devVarsText());
  say(
    `Created .dev.vars from .dev.vars.example with a new admin key ${dim("(local settings and secrets, git-ignored)")}`,
  );
  return file;
}

/** Applies the migrations to every D1 database in wrangler.toml: the control one and each shard. */
async function applyMigrations() {
  const toml = readFileSync(path.join(projectRoot, "wrangler.toml"), "utf8");
  for (const database of d1DatabaseNames(toml)) {
    await applyMigrationsTo(database);
    if (stopping) return;
  }
}

async function applyMigrationsTo(database) {
  // No terminal and CI=true: wrangler takes "yes" for its confirmation prompt instead of waiting.
  const { child, result } = runWrangler([
    "d1",
    "migrations",
    "apply",
    database,
    "--local",
    ...stateArgs,
  ]);
  current = child;
  const { code, output } = await result;
  current = null;
  if (stopping) return;
  if (code !== 0) {
    process.stderr.write(output);
    fail(`applying D1 migrations failed (wrangler exited with ${code})`, code);
  }
  const applied = [...new Set(output.match(/\d{4}_[\w.-]+\.sql/g) ?? [])];
  const where = database === DATABASE ? "D1 (local)" : `D1 ${database} (local)`;
  say(applied.length ? `${where}: applied ${applied.join(", ")}` : `${where}: schema up to date`);
}

function printWelcome(base, adminKey) {
  const pad = (label) => `  ${label.padEnd(11)}`;
  say();
  say(bold("  Herald is ready"));
  say(`${pad("API")}${base}/v1  ${dim("(Bearer, apiKey or X-API-Key header)")}`);
  say(`${pad("OpenAPI")}${base}/openapi.json`);
  say(`${pad("Docs")}${base}/docs  ${dim("(try requests in the browser)")}`);
  say(`${pad("Portal")}${base}/portal/  ${dim("(sign in with the admin key or a wallet key)")}`);
  say(
    `${pad("Cron sweep")}${base}/__scheduled  ${dim("(crons do not fire by themselves in dev)")}`,
  );
  say(
    localObservability()
      ? `${pad("Traces")}on  ${dim("(wrangler's local trace collector, X_LOCAL_OBSERVABILITY=true; it costs CPU per request)")}`
      : `${pad("Traces")}off  ${dim("(X_LOCAL_OBSERVABILITY=true npm start turns wrangler's local trace collector on)")}`,
  );
  if (!adminKey) {
    say(`${pad("Admin key")}not set: add ADMIN_API_KEY to .dev.vars and restart`);
    say();
    return;
  }
  say(`${pad("Admin key")}${adminKey}  ${dim("(ADMIN_API_KEY in .dev.vars)")}`);
  say();
  say(
    `  Create a wallet: curl -s -X POST ${base}/v1/wallets -H 'Authorization: Bearer ${adminKey}' -H 'Content-Type: application/json' -d '{"name":"my wallet"}'`,
  );
  say();
}

async function main() {
  const listenPort = port();
  say(
    `${bold("Herald dev server")} ${dim(`(wrangler ${wranglerVersion()}, Node ${process.version})`)}`,
  );
  const devVars = ensureDevVars();
  if (!(await portIsFree(listenPort)))
    fail(
      `port ${listenPort} is already in use: stop what runs there or start with PORT=<another port> npm start`,
    );
  await applyMigrations();
  if (stopping) process.exit(128 + constants.signals[stopping]);

  // --test-scheduled serves /__scheduled, which runs the cron handler on demand (and replaces
  // wrangler's warning that crons do not fire locally).
  const envArgs = envFile ? ["--env-file", envFile] : [];
  const args = ["dev", "--port", String(listenPort), "--test-scheduled", ...stateArgs, ...envArgs];
  const dev = spawnWrangler(args, {
    stdio: "inherit",
  });
  current = dev;
  dev.on("error", (error) => fail(`could not start wrangler: ${error.message}`));
  dev.on("exit", (code, signal) =>
    process.exit(code ?? (signal ? 128 + constants.signals[signal] : 1)),
  );

  const base = `http://localhost:${listenPort}`;
  if (await waitForHealth(base, { child: dev })) {
    printWelcome(base, readDotenv(devVars).ADMIN_API_KEY);
  } else if (dev.exitCode === null) {
    say(`herald: ${base}/health has not answered yet; see wrangler's output above`);
  }
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
