// `npm run check:docs [-- <base url>]`: opens /docs in headless Chromium and checks that the API
// reference renders from Herald alone (no other origin), that an API key can be entered, and
// that "Try it out" reaches the API. With no URL it starts its own `wrangler dev` on a free port
// with throwaway storage. Screenshot: /tmp/docs.png (or $DOCS_SCREENSHOT).
// Key for the try-out: $HERALD_API_KEY, else the admin key of the .dev.vars it makes for its own server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { devVarsText } from "./lib/dev-vars.mjs";
import {
  freePort,
  projectRoot,
  readDotenv,
  runWrangler,
  spawnWrangler,
  waitForHealth,
} from "./lib/wrangler.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = process.env.DOCS_SCREENSHOT ?? "/tmp/docs.png";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function step(message) {
  process.stdout.write(`check:docs: ${message}\n`);
}

/** Starts Herald on a free port with its own storage and the example settings; returns its URL and a stop function. */
async function startServer() {
  const port = await freePort();
  const inspectorPort = await freePort();
  const persistTo = mkdtempSync(path.join(tmpdir(), "herald-docs-check-"));
  const apiKey = `herald_admin_docs_check_${port}`;
  const envFile = path.join(persistTo, ".dev.vars");
  writeFileSync(envFile, devVarsText({ adminKey: apiKey }));
  const migrate = runWrangler([
    "d1",
    "migrations",
    "apply",
    "herald",
    "--local",
    "--persist-to",
    persistTo,
  ]);
  const migrated = await migrate.result;
  if (migrated.code !== 0) throw new Error(`migrations failed:\n${migrated.output}`);
  const args = [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    persistTo,
    "--env-file",
    envFile,
    "--log-level",
    "warn",
    "--test-scheduled",
  ];
  const server = spawnWrangler(args, {
    env: { CI: "true" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(persistTo, { recursive: true, force: true });
  };
  if (!(await waitForHealth(base, { child: server }))) {
    await stop();
    throw new Error("wrangler dev did not answer /health");
  }
  return {
    base,
    stop,
    apiKey,
  };
}

async function checkPage(base, apiKey) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const origin = new URL(base).origin;
    // Anything not served by Herald is refused and reported: the page must work offline.
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
      problems.push(`requested another origin: ${url}`);
      return route.abort();
    });
    page.on(
      "console",
      (message) => message.type() === "error" && problems.push(`console error: ${message.text()}`),
    );
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

    step(`opening ${base}/docs`);
    const response = await page.goto(`${base}/docs`, { waitUntil: "load" });
    if (response?.status() !== 200) throw new Error(`/docs answered ${response?.status()}`);
    await page
      .locator(".opblock-post .opblock-summary-path", { hasText: "/v1/wallets" })
      .first()
      .waitFor({ timeout: 30_000 });
    const operations = await page.locator(".opblock").count();
    step(`the reference lists ${operations} operations, POST /v1/wallets among them`);
    await page.screenshot({ path: SCREENSHOT });
    step(`screenshot saved to ${SCREENSHOT}`);

    if (!apiKey) {
      step("no API key known (set HERALD_API_KEY): skipping the try-out");
    } else {
      await page.locator(".auth-wrapper .authorize").click();
      const dialog = page.locator(".dialog-ux .modal-ux");
      // The `bearer` scheme (Authorization: Bearer), whatever other schemes the document lists.
      const bearer = dialog
        .locator(".auth-container")
        .filter({ has: page.locator("h4 code", { hasText: /^bearer$/ }) });
      await bearer.locator("input").fill(apiKey);
      await bearer.locator("button.authorize").click();
      await dialog.locator("button.close-modal").click();
      const list = page
        .locator(".opblock-get", {
          has: page.locator('.opblock-summary-path[data-path="/v1/wallets"]'),
        })
        .first();
      await list.locator(".opblock-summary").click();
      await list.locator("button.execute").click();
      const status = list.locator(".live-responses-table tbody .response-col_status").first();
      await status.waitFor({ timeout: 15_000 });
      const code = (await status.textContent()).trim();
      if (code !== "200")
        problems.push(`Try it out on GET /v1/wallets with the key answered ${code}, expected 200`);
      else step("Authorize + Try it out: GET /v1/wallets answered 200");
    }
  } finally {
    await browser.close();
  }
  return problems;
}

async function main() {
  const given = process.argv[2];
  const server = given
    ? { base: given.replace(/\/+$/, ""), stop: async () => {} }
    : await startServer();
  const apiKey =
    process.env.HERALD_API_KEY ??
    (given ? readDotenv(path.join(projectRoot, ".dev.vars")).ADMIN_API_KEY : server.apiKey);
  let problems;
  try {
    problems = await checkPage(server.base, apiKey);
  } finally {
    await server.stop();
  }
  if (problems.length) {
    for (const problem of problems) process.stderr.write(`check:docs: ${problem}\n`);
    process.exit(1);
  }
  step("ok");
}

main().catch((error) => {
  process.stderr.write(`check:docs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
