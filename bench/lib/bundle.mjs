// Herald's real bundle: what `wrangler deploy` would upload, built without an account.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "./paths.mjs";
import { runWranglerOnce } from "./wrangler-cli.mjs";

/**
 * Builds the bundle of the checkout at `root` (this one by default; another needs its own
 * node_modules, a symlink will do) into a new temp directory and returns it: index.js plus the
 * Text modules of older checkouts. The static assets (public/) are built first where the
 * checkout has them, since wrangler refuses a missing `[assets] directory`.
 * @param {string} [root]
 * @param {{ minify?: boolean }} [options] minify: false keeps function names (for CPU profiles)
 * @returns {Promise<string>}
 */
export async function buildBundle(root = projectRoot, { minify = true } = {}) {
  const assets = path.join(root, "scripts", "build-assets.mjs");
  if (existsSync(assets)) execFileSync(process.execPath, [assets], { cwd: root, stdio: "ignore" });
  const outdir = mkdtempSync(path.join(os.tmpdir(), "herald-bench-bundle-"));
  await runWranglerOnce(
    [
      "deploy",
      "--dry-run",
      "--outdir",
      outdir,
      "-c",
      path.join(root, "wrangler.toml"),
      ...(minify ? [] : ["--minify=false"]),
    ],
    { cwd: root },
  );
  return outdir;
}
