// Running wrangler from Herald's scripts: with the pinned Node, and quiet when offline.
// Node built-ins only, so `npm start` needs nothing beyond `npm install`.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";

/** The repository root (scripts/lib/../..). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const wranglerBin = path.join(projectRoot, "node_modules", "wrangler", "bin", "wrangler.js");

/** The installed wrangler version, for the banner we print instead of wrangler's own. */
export function wranglerVersion() {
  return JSON.parse(
    readFileSync(path.join(projectRoot, "node_modules", "wrangler", "package.json"), "utf8"),
  ).version;
}

/** A Node that current wrangler accepts (>= 22): this one, or the pinned one from the `node` dev dependency. */
function nodeForWrangler() {
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  const pinned = path.join(projectRoot, "node_modules", ".bin", "node");
  if (existsSync(pinned)) return pinned;
  throw new Error(
    `wrangler needs Node >= 22 and this is ${process.version}; run \`npm install\`, then use the npm scripts (they put the pinned Node first on PATH)`,
  );
}

/**
 * Whether wrangler's local trace collector runs: only when X_LOCAL_OBSERVABILITY=true is set.
 * wrangler 4.x turns it on by default; it tails every invocation into a trace store that is never
 * pruned, and costs runtime CPU per request and per delivery (README, Performance).
 */
export function localObservability() {
  return process.env.X_LOCAL_OBSERVABILITY?.toLowerCase() === "true";
}

/**
 * The environment wrangler runs with. Each variable silences something that needs the internet
 * or a human: usage metrics, the `Request.cf` lookup at workers.cloudflare.com (miniflare uses its
 * built-in placeholder instead), the update check in the banner, and prompts about agent skills;
 * and the local trace collector is off unless X_LOCAL_OBSERVABILITY=true asks for it.
 */
export function wranglerEnv(extra = {}) {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
    WRANGLER_NO_SKILLS_UPDATE_PROMPTS: "true",
    X_LOCAL_OBSERVABILITY: localObservability() ? "true" : "false",
    ...extra,
  };
}

/** Starts `wrangler <args>` in the project root. */
export function spawnWrangler(args, options = {}) {
  const { env, ...rest } = options;
  return spawn(nodeForWrangler(), [wranglerBin, ...args], {
    cwd: projectRoot,
    env: wranglerEnv(env),
    ...rest,
  });
}

/**
 * Runs `wrangler <args>` without a terminal and with CI=true, so it never waits on a prompt
 * (`options` go to spawn, e.g. another `cwd`). Returns the process and a promise of its exit
 * code and combined output.
 */
export function runWrangler(args, env = {}, options = {}) {
  const child = spawnWrangler(args, {
    env: { CI: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...options,
  });
  const result = new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? 1, signal, output }));
  });
  return { child, result };
}

/**
 * Polls `GET {baseUrl}/health` until it answers 200; false on timeout or when `child` exits first.
 * @param {string} baseUrl
 * @param {{ child?: import("node:child_process").ChildProcess, timeoutMs?: number }} [options]
 * @returns {Promise<boolean>}
 */
export async function waitForHealth(baseUrl, { child, timeoutMs = 90_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Whether nothing listens on `port` yet. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Reads a dotenv-style file (KEY=value lines, # comments) with Node's own parser, the dotenv
 * rules wrangler follows too; {} when it is missing.
 * @param {string} file
 * @returns {Record<string, string>}
 */
export function readDotenv(file) {
  if (!existsSync(file)) return {};
  return parseEnv(readFileSync(file, "utf8"));
}
