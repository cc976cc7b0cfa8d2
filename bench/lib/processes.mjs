// Child processes of the bench, each in its own process group so that stopping one stops its
// whole tree (Miniflare's workerd, wrangler's workerd). Every group started here is killed when
// the bench exits, however it exits.
import { spawn } from "node:child_process";
import { registerTree } from "./proc-stats.mjs";

const groups = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

process.on("exit", () => {
  for (const pid of groups) killGroup(pid, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping every process it started\n`);
    process.exit(130);
  });
}

/** @typedef {import("node:child_process").ChildProcess & { outputTail: () => string }} GroupChild */

/**
 * Starts a command in a new process group; its stdout and stderr are piped (plus IPC when asked).
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, ipc?: boolean }} [options]
 * @returns {GroupChild}
 */
export function spawnGroup(command, args, { env, cwd, ipc = false } = {}) {
  /** @type {import("node:child_process").StdioOptions} */
  const stdio = ["ignore", "pipe", "pipe", ...(ipc ? /** @type {const} */ (["ipc"]) : [])];
  const child = /** @type {GroupChild} */ (
    spawn(command, args, { cwd, env, detached: true, stdio })
  );
  groups.add(child.pid);
  registerTree(child.pid);
  // Always read its output (a full pipe would stall it); the last few KiB explain a failure.
  let tail = "";
  const keep = (chunk) => (tail = (tail + chunk).slice(-8000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.outputTail = () => tail;
  return child;
}

/** Resolves with the first stdout line matching `pattern` (its match), rejects on exit or timeout. Keeps the last output for errors. */
export function waitForLine(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    let out = "";
    let tail = "";
    const timer = setTimeout(
      () =>
        done(new Error(`no "${pattern}" within ${timeoutMs} ms; output:\n${tail.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      tail = (tail + chunk).slice(-4000);
      out += chunk;
      const match = pattern.exec(out);
      if (match) done(null, match);
      else out = out.slice(-1000);
    };
    const onExit = (code, signal) =>
      done(
        new Error(`exited (${code ?? signal}) before "${pattern}"; output:\n${tail.slice(-2000)}`),
      );
    function done(err, match) {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.stderr.off("data", onTail);
      child.off("exit", onExit);
      if (err) reject(err);
      else resolve(match);
    }
    const onTail = (chunk) => (tail = (tail + chunk).slice(-4000));
    child.stdout.on("data", onData);
    child.stderr.on("data", onTail);
    child.on("exit", onExit);
  });
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`. Resolves once the leader has exited. */
export async function stopGroup(child, graceMs = 5000) {
  if (!groups.has(child.pid)) return;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once("exit", resolve));
  killGroup(child.pid, "SIGTERM");
  const timer = setTimeout(() => killGroup(child.pid, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  // The leader may exit before its children: make sure nothing of the group survives.
  killGroup(child.pid, "SIGKILL");
  groups.delete(child.pid);
}
