import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { devVarsText } from "../../../scripts/lib/dev-vars.mjs";

// Starts Herald the way `npm start` starts it (scripts/dev.mjs: migrations, then `wrangler dev`),
// on a free port with its own state directory and settings file, so the Node-side suites (CLI,
// client, portal) test what a user runs without touching the developer's .wrangler/ or .dev.vars.

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const ADMIN_KEY = "herald_admin_node_tests_0123456789";
const START_TIMEOUT_MS = 120_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Vitest global setup: one Herald for the whole Node-side run; provides its URL and admin key. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "herald-node-tests-"));
  const envFile = path.join(dir, ".dev.vars");
  // The .dev.vars npm start would create, with the tests' own admin key.
  writeFileSync(envFile, devVarsText({ adminKey: ADMIN_KEY }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(path.join(root, "node_modules", ".bin", "node"), ["scripts/dev.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HERALD_PERSIST_TO: path.join(dir, "state"),
      HERALD_ENV_FILE: envFile,
      NO_COLOR: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Herald did not start (npm start's script):\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  project.provide("heraldUrl", url);
  project.provide("heraldAdminKey", ADMIN_KEY);
  return async () => {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
}
