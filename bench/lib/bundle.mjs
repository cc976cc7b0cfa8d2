// Herald's real bundle: what `wrangler deploy` would upload, built without an account.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runWrangler } from "../../scripts/lib/wrangler.mjs";

/** Builds the bundle into a new temp directory and returns it (index.js plus the Text modules). */
export async function buildBundle() {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "herald-bench-bundle-"));
  const { result } = runWrangler(["deploy", "--dry-run", "--outdir", outdir]);
  const { code, output } = await result;
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (${code}):\n${output.slice(-3000)}`);
  return outdir;
}
