// Starting and stopping the systems under test, Herald and the ceiling workers, in either
// harness. A host is {url, pid, stop()}: pid roots the process tree whose CPU and memory count.
//   miniflare: bench/hosts/miniflare-host.mjs runs Herald's dry-run bundle (or a ceiling) in Miniflare.
//   wrangler:  `wrangler dev --log-level warn` on a free port, state in a temp dir.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, wranglerEnv } from "../../scripts/lib/wrangler.mjs";
import { ceilingToml } from "../ceilings/workers.mjs";
import { benchRoot, projectRoot } from "./paths.mjs";
import { spawnGroup, stopGroup, waitForLine } from "./processes.mjs";
import { heraldVars } from "./settings.mjs";
import { runWranglerOnce, wranglerBin } from "./wrangler-cli.mjs";

const READY_TIMEOUT_MS = 120_000;

const tempDir = (label) => mkdtempSync(path.join(os.tmpdir(), `herald-bench-${label}-`));

function hostOf(child, url, dirs) {
  return {
    url,
    pid: child.pid,
    dirs,
    stop: () =>
      stopGroup(child).finally(() =>
        dirs.forEach((d) => {
          rmSync(d, { recursive: true, force: true });
        }),
      ),
  };
}

async function started(child, dirs, label, ready) {
  try {
    return hostOf(child, await ready(), dirs);
  } catch (err) {
    await stopGroup(child);
    dirs.forEach((d) => {
      rmSync(d, { recursive: true, force: true });
    });
    throw new Error(`${label} did not start: ${err.message}\n${child.outputTail()}`);
  }
}

function miniflareHost(spec, label) {
  const persistDir = tempDir(label);
  const child = spawnGroup(
    process.execPath,
    [path.join(benchRoot, "hosts", "miniflare-host.mjs"), JSON.stringify({ ...spec, persistDir })],
    { ipc: true },
  );
  return started(
    child,
    [persistDir],
    label,
    async () => (await waitForLine(child, /READY (\S+)\n/, READY_TIMEOUT_MS))[1],
  );
}

async function waitForHttp(url, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("wrangler dev exited");
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status < 500) return url;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer from ${url}`);
}

async function wranglerHost(configArgs, vars, label, probePath, dirs, env = {}) {
  const persistDir = tempDir(label);
  dirs.push(persistDir);
  const port = await freePort();
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const args = [
    "dev",
    ...configArgs,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(await freePort()),
    "--persist-to",
    persistDir,
    "--log-level",
    "warn",
    "--show-interactive-dev-session=false",
    ...varArgs,
  ];
  if (label === "herald")
    await runWranglerOnce(
      ["d1", "migrations", "apply", "herald", "--local", "--persist-to", persistDir, ...configArgs],
      { env },
    );
  const child = spawnGroup(process.execPath, [wranglerBin, ...args], {
    cwd: projectRoot,
    env: wranglerEnv(env),
  });
  const base = `http://127.0.0.1:${port}`;
  return started(child, dirs, label, () =>
    waitForHttp(`${base}${probePath}`, child).then(() => base),
  );
}

/**
 * Starts Herald in `harness`; `bundleDir` is the dry-run bundle (Miniflare runs it as is).
 * `configPath`: another checkout's wrangler.toml (and migrations beside it), for bench/compare.mjs.
 * `env`: more environment for wrangler (X_LOCAL_OBSERVABILITY), wrangler harness only.
 */
export function startHerald(
  harness,
  bundleDir,
  /** @type {{ inspectorPort?: number, configPath?: string, env?: Record<string, string> }} */ {
    inspectorPort,
    configPath,
    env = {},
  } = {},
) {
  if (harness === "miniflare")
    return miniflareHost(
      { kind: "herald", bundleDir, vars: heraldVars, inspectorPort, configPath },
      "herald",
    );
  return wranglerHost(
    ["-c", configPath ?? path.join(projectRoot, "wrangler.toml")],
    heraldVars,
    "herald",
    "/health",
    [],
    env,
  );
}

/** Starts ceiling `name` (c1, c2, c3); `vars` as the worker needs (C2: RECEIVER_URL). */
export function startCeiling(harness, name, vars = {}) {
  if (harness === "miniflare") return miniflareHost({ kind: "ceiling", ceiling: name, vars }, name);
  const dir = tempDir(`${name}-config`);
  writeFileSync(path.join(dir, "wrangler.toml"), ceilingToml(name, vars));
  return wranglerHost(
    ["-c", path.join(dir, "wrangler.toml")],
    {},
    name,
    name === "c3" ? "/count" : "/",
    [dir],
  );
}
