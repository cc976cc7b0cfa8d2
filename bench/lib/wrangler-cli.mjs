// This checkout's wrangler, run by the bench in its own process group (so stopping it stops
// everything it started), on the pinned Node.
import path from "node:path";
import { wranglerEnv } from "../../scripts/lib/wrangler.mjs";
import { projectRoot } from "./paths.mjs";
import { spawnGroup, stopGroup } from "./processes.mjs";

export const wranglerBin = path.join(projectRoot, "node_modules", "wrangler", "bin", "wrangler.js");

/**
 * Runs wrangler to completion in `cwd`; throws with the tail of its output on failure.
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string> }} [options]
 */
export async function runWranglerOnce(args, { cwd = projectRoot, env = {} } = {}) {
  const child = spawnGroup(process.execPath, [wranglerBin, ...args], {
    cwd,
    env: wranglerEnv({ CI: "true", ...env }),
  });
  const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  await stopGroup(child);
  if (code !== 0)
    throw new Error(
      `wrangler ${args.join(" ")} failed (${code}):\n${child.outputTail().slice(-3000)}`,
    );
}
