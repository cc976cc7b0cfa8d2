// `npm run deploy`: refuses when a required secret is missing (`wrangler secret list`), then
// applies the remote D1 migrations and runs `wrangler deploy`. The static assets (public/) are
// built first by the `predeploy` npm script. Needs `npx wrangler login` or CLOUDFLARE_API_TOKEN.
import { readFileSync } from "node:fs";
import path from "node:path";
import { d1DatabaseNames } from "./lib/d1-shards.mjs";
import {
  databaseExists,
  deploySteps,
  firstDeployMayProceed,
  missingSecrets,
  missingSecretsMessage,
  requiredSecrets,
  workerNotFound,
} from "./lib/deploy-plan.mjs";
import { projectRoot, spawnWrangler } from "./lib/wrangler.mjs";

/** @param {string} line */
function say(line) {
  process.stdout.write(`deploy: ${line}\n`);
}

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`deploy: ${message}\n`);
  process.exit(1);
}

/**
 * Runs wrangler and captures its output (for commands whose output we read).
 * @param {string[]} args
 * @returns {Promise<{ code: number, output: string }>}
 */
function capture(args) {
  const child = spawnWrangler(args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Runs wrangler in this terminal (it may ask for confirmation); fails the deploy when it fails.
 * @param {string[]} args
 */
async function run(args) {
  say(`wrangler ${args.join(" ")}`);
  const child = spawnWrangler(args, { stdio: "inherit" });
  const code = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exit) => resolve(exit ?? 1));
  });
  if (code !== 0) fail(`wrangler ${args[0]} exited with ${code}; nothing after it ran`);
}

function workerName() {
  const toml = readFileSync(path.join(projectRoot, "wrangler.toml"), "utf8");
  return toml.match(/^name\s*=\s*"([^"]+)"/m)?.[1] ?? "herald";
}

async function main() {
  const worker = workerName();
  say(`checking the secrets of "${worker}" (${requiredSecrets.join(", ")})`);
  const listed = await capture(["secret", "list", "--format", "json"]);
  if (listed.code !== 0 && !workerNotFound(listed.output))
    fail(`wrangler secret list failed:\n${listed.output.trim()}`);
  if (listed.code !== 0 && firstDeployMayProceed(process.env)) {
    say(
      "first deploy from Workers Builds: the Deploy to Cloudflare setup page supplies the secrets",
    );
  } else if (listed.code !== 0) {
    fail(missingSecretsMessage(requiredSecrets, worker, true));
  } else {
    const missing = missingSecrets(listed.output);
    if (missing.length) fail(missingSecretsMessage(missing, worker));
  }

  const databases = await capture(["d1", "list", "--json"]);
  if (databases.code !== 0) fail(`wrangler d1 list failed:\n${databases.output.trim()}`);
  // The control database and each D1 shard (README, "D1 sharding"): all get every migration.
  const names = d1DatabaseNames(readFileSync(path.join(projectRoot, "wrangler.toml"), "utf8"));
  const missing = names.filter((name) => !databaseExists(databases.output, name));
  if (missing.length)
    say(
      `no D1 database ${missing.join(", ")} yet: wrangler deploy creates it, then migrations run`,
    );
  for (const step of deploySteps(missing.length === 0)) {
    if (step === "deploy") await run(["deploy"]);
    else for (const name of names) await run(["d1", "migrations", "apply", name, "--remote"]);
  }
  say("done");
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
