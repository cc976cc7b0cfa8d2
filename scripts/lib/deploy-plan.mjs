// The decisions `npm run deploy` makes, as pure functions of wrangler's output, so they are
// tested without a Cloudflare account (scripts/test/deploy-plan.test.mjs).

/**
 * Secrets Herald cannot start without: src/config.ts has no default for them. The workerd test
 * test/api/config-defaults.test.ts checks this list against the config schema.
 */
export const requiredSecrets = ["ADMIN_API_KEY", "ENCRYPTION_KEY"];

/**
 * The JSON value in a wrangler command's output (wrangler may print notices around it).
 * @param {string} output
 * @returns {unknown}
 */
export function parseWranglerJson(output) {
  const end = Math.max(output.lastIndexOf("]"), output.lastIndexOf("}"));
  // Candidates: every line that starts like JSON ("[ERROR]" notices start like it too).
  for (const match of output.matchAll(/^\s*[[{]/gm)) {
    try {
      return JSON.parse(output.slice(match.index, end + 1));
    } catch {
      // a notice, not the value: try the next line
    }
  }
  throw new Error("wrangler printed no JSON");
}

/**
 * The required secrets missing from `wrangler secret list --format json` output, in the order of `requiredSecrets`.
 * @param {string} output
 * @returns {string[]}
 */
export function missingSecrets(output) {
  const listed = parseWranglerJson(output);
  if (!Array.isArray(listed)) throw new Error("wrangler secret list did not print a list");
  const names = new Set(listed.map((/** @type {{ name?: unknown }} */ entry) => entry?.name));
  return requiredSecrets.filter((name) => !names.has(name));
}

/**
 * Whether `wrangler d1 list --json` output lists a database called `name`.
 * @param {string} output
 * @param {string} name
 * @returns {boolean}
 */
export function databaseExists(output, name) {
  const listed = parseWranglerJson(output);
  if (!Array.isArray(listed)) throw new Error("wrangler d1 list did not print a list");
  return listed.some((/** @type {{ name?: unknown }} */ db) => db?.name === name);
}

/**
 * The steps after the secrets check. Migrations go first so new code never meets an old
 * schema; on the first deploy the database does not exist yet, and `wrangler deploy` creates
 * it (automatic provisioning), so the migrations follow the deploy that once.
 * @param {boolean} databaseFound
 * @returns {("migrate" | "deploy")[]}
 */
export function deploySteps(databaseFound) {
  return databaseFound ? ["migrate", "deploy"] : ["deploy", "migrate"];
}

/**
 * What to tell the operator when secrets are missing (`firstDeploy`: the Worker does not exist yet).
 * @param {string[]} missing
 * @param {string} worker
 * @param {boolean} [firstDeploy]
 * @returns {string}
 */
export function missingSecretsMessage(missing, worker, firstDeploy = false) {
  const state = firstDeploy ? "does not exist yet, so it has" : "has";
  const lines = [
    `refusing to deploy: the Worker "${worker}" ${state} no ${missing.join(" and no ")} secret.`,
    firstDeploy
      ? "Set each one (wrangler offers to create the Worker), then run `npm run deploy` again:"
      : "Set each one, then run `npm run deploy` again:",
    ...missing.map((name) => `  npx wrangler secret put ${name}`),
  ];
  if (missing.includes("ENCRYPTION_KEY"))
    lines.push("ENCRYPTION_KEY is 32 random bytes, base64: openssl rand -base64 32");
  if (missing.includes("ADMIN_API_KEY"))
    lines.push("ADMIN_API_KEY is at least 16 characters: openssl rand -hex 32");
  return lines.join("\n");
}

/**
 * Whether `wrangler secret list` failed because the Worker has never been deployed.
 * @param {string} output
 * @returns {boolean}
 */
export function workerNotFound(output) {
  return /\b10007\b|does not exist/i.test(output);
}

/**
 * Whether a deploy may go on although the Worker does not exist yet: only in Workers Builds
 * (WORKERS_CI=1), where the Deploy to Cloudflare button's first build runs `npm run deploy` and
 * its setup page supplies the secrets with that deploy. A first deploy by hand sets them first.
 * @param {Record<string, string | undefined>} env
 * @returns {boolean}
 */
export function firstDeployMayProceed(env) {
  return env.WORKERS_CI === "1";
}
