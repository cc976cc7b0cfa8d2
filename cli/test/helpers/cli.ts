import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const NODE = path.join(root, "node_modules", ".bin", "node");
const BIN = path.join(root, "node_modules", ".bin", "herald");

/** A fresh config dir, so every test has its own profile. */
export function tempConfigDir(): string {
  return mkdtempSync(path.join(tmpdir(), "herald-cli-config-"));
}

/** What a finished CLI run printed and returned. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  // The installed bin (node_modules/.bin/herald, what npx runs), on the pinned Node.
  return spawn(NODE, [BIN, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: tempConfigDir(), NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs the real `herald` process to its end (killed after timeoutMs). */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<CliRun> {
  const child = spawnCli(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c) => {
    stdout += c;
  });
  child.stderr?.on("data", (c) => {
    stderr += c;
  });
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running `herald` (listen): its output so far, waits on it, and a clean stop. */
export function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawnCli(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c) => {
    stdout += c;
  });
  child.stderr?.on("data", (c) => {
    stderr += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Waits (bounded) until stdout or stderr matches. */
    async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = stdout.match(pattern) ?? stderr.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(
            `no ${pattern} in the CLI's output (exit ${child.exitCode}):\n${stdout}\n${stderr}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Waits (bounded) for the process to exit on its own; its exit code. */
    async exited(timeoutMs = 20_000): Promise<number | null> {
      const kill = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(kill);
      return code;
    },
    /** Sends a signal and waits (bounded) for the exit code. */
    async stop(signal: NodeJS.Signals = "SIGINT", timeoutMs = 10_000): Promise<number | null> {
      if (child.exitCode === null) child.kill(signal);
      const kill = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(kill);
      return code;
    },
  };
}
