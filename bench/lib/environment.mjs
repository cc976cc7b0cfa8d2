// What a result was measured with: the commit and the tools' versions.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "./paths.mjs";

const versionOf = (pkg) => {
  try {
    return JSON.parse(
      readFileSync(path.join(projectRoot, "node_modules", pkg, "package.json"), "utf8"),
    ).version;
  } catch {
    return "missing";
  }
};

function git(args) {
  try {
    return execFileSync("git", args, {
      cwd: projectRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return null;
  }
}

/** {git: {sha, dirty}, tools: {...versions}, machine: {cpus, memoryGiB}}. */
export function environment() {
  return {
    git: {
      sha: git(["rev-parse", "--short=12", "HEAD"]) ?? "unknown",
      dirty: Boolean(git(["status", "--porcelain", "--", "src", "wrangler.toml", "migrations"])),
    },
    tools: {
      node: process.versions.node,
      wrangler: versionOf("wrangler"),
      miniflare: versionOf("miniflare"),
      workerd: versionOf("workerd"),
      autocannon: versionOf("autocannon"),
    },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    },
  };
}
