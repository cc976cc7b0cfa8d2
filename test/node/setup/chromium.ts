import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

// The portal's browser tests drive Debian's chromium. On a machine without it this setup
// installs it with apt (as the README's `npm test` promises), saying so; it never skips.
export const CHROMIUM = "/usr/bin/chromium";

function run(command: string, args: string[]) {
  process.stderr.write(`herald tests: ${command} ${args.join(" ")}\n`);
  const result = spawnSync(command, args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (exit ${result.status}); the portal's browser tests need ${CHROMIUM}`,
    );
}

/** Makes sure Debian's chromium is installed (apt-get when missing, said on stderr). */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  process.stderr.write(
    `herald tests: ${CHROMIUM} is missing; installing Debian's chromium with apt-get for the portal's browser tests\n`,
  );
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const apt = (args: string[]) =>
    asRoot.length
      ? run(asRoot[0]!, [...asRoot.slice(1), "apt-get", ...args])
      : run("apt-get", args);
  apt(["update"]);
  apt(["install", "-y", "--no-install-recommends", "chromium"]);
  if (!existsSync(CHROMIUM))
    throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
}
