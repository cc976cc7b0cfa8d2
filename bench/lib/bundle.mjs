// Herald's real bundle: what `wrangler deploy` would upload, built without an account.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { wranglerEnv } from "../../scripts/lib/wrangler.mjs";
import { projectRoot } from "./paths.mjs";
import { spawnGroup, stopGroup } from "./processes.mjs";

const wranglerBin = path.join(projectRoot, "node_modules", "wrangler", "bin", "wrangler.js");

/**
 * Builds the bundle of the checkout at `root` (this one by default; another needs its own
 * node_modules, a symlink will do) into a new temp directory and returns it: index.js plus the
 * Text modules.
 */
export async function buildBundle(root = projectRoot) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "herald-bench-bundle-"));
  const child = spawnGroup(process.execPath, [wranglerBin, "deploy", "--dry-run", "--outdir", outdir, "-c", path.join(root, "wrangler.toml")], {
    cwd: root,
    env: wranglerEnv({ CI: "true" }),
  });
  const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  await stopGroup(child);
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (${code}):\n${child.outputTail().slice(-3000)}`);
  return outdir;
}
