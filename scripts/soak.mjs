// `npm run soak [-- --events 2000]`: a load and soak run against a real `wrangler dev`.
// Starts Herald on a free port with its own temporary persistence, 50 webhooks (25 fifo, 25
// unordered) on loopback receivers that fail 20 % of the time and are slow 5 % of the time,
// posts the events in batches, waits (bounded) until every delivery has ended or waits for a
// next attempt, then checks the pipeline's invariants from the outside and prints the counts.
// Exits non-zero on any violation. Stops everything it started.
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkInvariants } from "./lib/soak-check.mjs";
import { startReceivers } from "./lib/soak-receivers.mjs";
import {
  freePort,
  projectRoot,
  runWrangler,
  spawnWrangler,
  waitForHealth,
} from "./lib/wrangler.mjs";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    webhooks: { type: "string", default: "50" },
    "fail-rate": { type: "string", default: "0.2" },
    "slow-rate": { type: "string", default: "0.05" },
    seed: { type: "string", default: "20261122" },
    "wait-minutes": { type: "string", default: "20" },
    posters: { type: "string", default: "4" },
  },
});
const EVENTS = Number(args.events);
const WEBHOOKS = Number(args.webhooks);
const BATCH = 100;
const ADMIN_KEY = "soak-admin-key-0123456789";
const ENCRYPTION_KEY = Buffer.from("soak-only-encryption-key-32bytes").toString("base64");
const say = (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

const started = [];
const cleanups = [];
async function stopAll() {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  cleanups.length = 0;
}
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => stopAll().finally(() => process.exit(130)));

/**
 * A copy of the sources as they are now, so that `wrangler dev`, which reloads the worker when a
 * file it watches changes (and loses the local queue's messages when it does), never sees an
 * edit made while the soak runs.
 */
function snapshotSources(dir) {
  const app = path.join(dir, "app");
  mkdirSync(app);
  for (const entry of ["src", "migrations", "wrangler.toml", "package.json", "tsconfig.json"]) {
    cpSync(path.join(projectRoot, entry), path.join(app, entry), { recursive: true });
  }
  symlinkSync(path.join(projectRoot, "node_modules"), path.join(app, "node_modules"), "dir");
  return app;
}

/** Starts Herald under `wrangler dev` with its own copy of the sources and state directory; resolves to its base URL. */
async function startHerald() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "herald-soak-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const app = snapshotSources(dir);
  const logFile = path.join(dir, "wrangler.log");
  const envFile = path.join(dir, "soak.env");
  writeFileSync(
    envFile,
    [
      `ADMIN_API_KEY=${ADMIN_KEY}`,
      `ENCRYPTION_KEY=${ENCRYPTION_KEY}`,
      "ALLOW_PRIVATE_DESTINATIONS=true",
      "ALLOW_INSECURE_URLS=true",
      "DEFAULT_WALLET_ENABLED=true",
      "",
    ].join("\n"),
  );
  const state = path.join(dir, "state");
  const migrate = await runWrangler(
    ["d1", "migrations", "apply", "herald", "--local", "--persist-to", state],
    {},
    { cwd: app },
  ).result;
  if (migrate.code !== 0) throw new Error(`migrations failed:\n${migrate.output.slice(-2000)}`);
  const [port, inspector] = [await freePort(), await freePort()];
  const dev = spawnWrangler(
    [
      "dev",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(inspector),
      "--persist-to",
      state,
      "--env-file",
      envFile,
      "--test-scheduled",
      "--log-level",
      "warn",
      "--show-interactive-dev-session=false",
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true, cwd: app },
  );
  started.push(dev.pid);
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk).slice(-20_000);
    appendFileSync(logFile, chunk);
  };
  dev.stdout.on("data", keep);
  dev.stderr.on("data", keep);
  cleanups.push(async () => {
    if (dev.exitCode !== null) return;
    // The process group we created: wrangler and the workerd it started, nothing else.
    try {
      process.kill(-dev.pid, "SIGTERM");
    } catch {}
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        try {
          process.kill(-dev.pid, "SIGKILL");
        } catch {}
        resolve(undefined);
      }, 10_000);
      dev.once("exit", () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  });
  const base = `http://127.0.0.1:${port}`;
  if (!(await waitForHealth(base, { child: dev, timeoutMs: 180_000 })))
    throw new Error(`wrangler dev did not come up:\n${log.slice(-3000)}`);
  return { base, log: () => log };
}

/** Calls Herald's API; retries network errors and 503 a few times, as a client should. */
async function api(base, key, method, urlPath, body) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${base}${urlPath}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      if (res.status === 503 && attempt < 10) {
        await new Promise((r) => setTimeout(r, 1000 * attempt));
        continue;
      }
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

async function expectStatus(promise, status, what) {
  const res = await promise;
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body;
}

/** Every delivery of a webhook, from its delivery log (newest first, 100 a page). */
async function deliveryLog(base, key, webhookId) {
  const out = [];
  let cursor = null;
  do {
    const page = await expectStatus(
      api(
        base,
        key,
        "GET",
        `/v1/webhooks/${webhookId}/deliveries?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      ),
      200,
      "delivery log",
    );
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The event ids in the wallet's event log. */
async function eventLog(base, key) {
  const ids = new Set();
  let cursor = null;
  for (;;) {
    const page = await expectStatus(
      api(
        base,
        key,
        "GET",
        `/v1/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      ),
      200,
      "event log",
    );
    for (const e of page.data) ids.add(e.id);
    if (!page.data.length) return ids;
    cursor = page.nextCursor;
  }
}

async function main() {
  const t0 = Date.now();
  const receivers = await startReceivers({
    failRate: Number(args["fail-rate"]),
    slowRate: Number(args["slow-rate"]),
    seed: Number(args.seed),
  });
  cleanups.push(() => receivers.close());
  say(
    `soak: ${EVENTS} events across ${WEBHOOKS} webhooks, receivers failing ${Number(args["fail-rate"]) * 100} %, slow ${Number(args["slow-rate"]) * 100} %`,
  );
  const herald = await startHerald();
  say(`Herald up at ${herald.base} (wrangler dev, pid ${started[0]})`);

  const wallet = await expectStatus(
    api(herald.base, ADMIN_KEY, "POST", "/v1/wallets", { name: "soak" }),
    201,
    "wallet",
  );
  const key = wallet.apiKey;
  // The soak posts far past the default ingest rate (100 events/s): raise this wallet's own.
  await expectStatus(
    api(herald.base, ADMIN_KEY, "PATCH", `/v1/wallets/${wallet.id}`, {
      limits: { ingestPerSecond: 100_000, ingestBurst: 100_000 },
    }),
    200,
    "wallet limits",
  );
  const webhooks = [];
  for (let index = 0; index < WEBHOOKS; index++) {
    const ordering = index < WEBHOOKS / 2 ? "fifo" : "unordered";
    const hook = await expectStatus(
      api(herald.base, key, "POST", "/v1/webhooks", {
        url: receivers.url(index),
        channels: [`c${index}`],
        ordering,
        retry: { schedule: [1, 2] },
        description: `soak ${index}`,
      }),
      201,
      "webhook",
    );
    receivers.register(index, hook.secret);
    webhooks.push({ index, id: hook.id, ordering });
  }
  say(
    `${webhooks.length} webhooks (${webhooks.filter((w) => w.ordering === "fifo").length} fifo, ${webhooks.filter((w) => w.ordering === "unordered").length} unordered)`,
  );

  // Each poster sends the events of its own webhooks, one batch after another, so every
  // webhook's events have a defined ingest order (requests in flight at once have none).
  const tag = Math.random().toString(36).slice(2, 8);
  const accepted = [];
  const posters = Number(args.posters);
  const perPoster = Array.from({ length: posters }, () => []);
  for (let n = 0; n < EVENTS; n++) {
    const webhook = webhooks[n % WEBHOOKS];
    perPoster[webhook.index % posters].push({ eventId: `soak-${tag}-${n}`, webhook });
  }
  const ingestStart = Date.now();
  let posted = 0;
  await Promise.all(
    perPoster.map(async (events) => {
      for (let i = 0; i < events.length; i += BATCH) {
        const slice = events.slice(i, i + BATCH);
        const body = {
          events: slice.map((e) => ({
            id: e.eventId,
            type: "soak.event",
            channels: [`c${e.webhook.index}`],
            data: { webhook: e.webhook.index, n: e.eventId },
          })),
        };
        await expectStatus(api(herald.base, key, "POST", "/v1/events/batch", body), 202, "batch");
        accepted.push(...slice);
        posted += slice.length;
        if (posted % 2000 < BATCH) say(`posted ${posted}/${EVENTS}`);
      }
    }),
  );
  // accepted holds each poster's events in its order; the check needs per-webhook order only.
  const ingestSeconds = (Date.now() - ingestStart) / 1000;
  say(
    `accepted ${accepted.length} events in ${ingestSeconds.toFixed(1)} s (${(accepted.length / ingestSeconds).toFixed(0)}/s)`,
  );

  // Wait (bounded) until every delivery has ended or waits for a next attempt; run the cron
  // sweep each minute, as the platform's trigger would (every 5 minutes in production).
  const since = new Date(t0 - 60_000).toISOString();
  const deadline = Date.now() + Number(args["wait-minutes"]) * 60_000;
  let lastSweep = Date.now();
  let sweeps = 0;
  for (;;) {
    const stats = await expectStatus(
      api(herald.base, key, "GET", `/v1/stats?since=${encodeURIComponent(since)}&limit=90`),
      200,
      "stats",
    );
    const sum = (field) => stats.data.reduce((n, w) => n + w.deliveries[field], 0);
    const [total, open] = [sum("total"), sum("pending") + sum("sending")];
    say(
      `deliveries ${total}/${accepted.length}: ${sum("succeeded")} succeeded, ${sum("failed")} failed, ${open} open`,
    );
    if (total >= accepted.length && open === 0) break;
    if (Date.now() > deadline) {
      say("wait limit reached: checking what there is");
      break;
    }
    if (Date.now() - lastSweep > 60_000) {
      await fetch(`${herald.base}/__scheduled?cron=*/5+*+*+*+*`)
        .then((r) => r.text())
        .catch(() => "");
      lastSweep = Date.now();
      sweeps++;
    }
    await new Promise((r) => setTimeout(r, 5_000));
  }
  const settleSeconds = (Date.now() - ingestStart) / 1000;

  // The verdict, from the outside.
  const log = new Map();
  for (const webhook of webhooks)
    log.set(webhook.id, await deliveryLog(herald.base, key, webhook.id));
  const logged = await eventLog(herald.base, key);
  const missingEvents = accepted.filter((a) => !logged.has(a.eventId)).length;
  const { figures, violations, duplicated } = checkInvariants({
    accepted,
    webhooks,
    log,
    arrivals: receivers.arrivals,
  });
  const why = [];
  for (const d of duplicated.slice(0, 20)) {
    const full = await expectStatus(
      api(herald.base, key, "GET", `/v1/deliveries/${d.deliveryId}`),
      200,
      "delivery",
    );
    const interrupted = full.attempts.filter((a) => /^interrupted/.test(a.error ?? "")).length;
    why.push(
      `${d.eventId} -> webhook ${d.webhook}: ${d.copies} copies; ${interrupted ? `${interrupted} interrupted attempt(s): the object restarted mid-request` : "no interrupted attempt recorded"}`,
    );
    if (!interrupted)
      violations.push(
        `${d.eventId} -> webhook ${d.webhook}: duplicate without an interrupted attempt`,
      );
  }
  if (missingEvents)
    violations.push(`${missingEvents} accepted events are missing from the event log`);
  if (receivers.counts.signatureFailures)
    violations.push(
      `${receivers.counts.signatureFailures} signatures did not verify: ${receivers.signatureProblems.join("; ")}`,
    );

  const attempts = [...log.values()].flat().reduce((n, d) => n + d.attemptCount, 0);
  const summary = {
    events: EVENTS,
    webhooks: WEBHOOKS,
    accepted: accepted.length,
    inEventLog: accepted.length - missingEvents,
    deliveries: { ...figures },
    attempts,
    receiverRequests: receivers.counts.requests,
    failedOnPurpose: receivers.counts.failedOnPurpose + receivers.counts.resets,
    slowed: receivers.counts.slowed,
    signatureFailures: receivers.counts.signatureFailures,
    sweeps,
    ingestSeconds: Number(ingestSeconds.toFixed(1)),
    settleSeconds: Number(settleSeconds.toFixed(1)),
    violations: violations.length,
  };
  say("");
  say(`accepted            ${summary.accepted} events (${summary.inEventLog} in the event log)`);
  say(
    `delivered           ${figures.succeeded} succeeded, ${figures.failed} failed after every retry, ${figures.expired} expired, ${figures.pendingWithNextAttempt} pending with a next attempt`,
  );
  say(`lost                ${figures.lost}`);
  say(`duplicates          ${figures.duplicates}${why.length ? `\n  ${why.join("\n  ")}` : ""}`);
  say(`order violations    ${figures.orderViolations} (fifo webhooks)`);
  say(`signature failures  ${summary.signatureFailures} of ${summary.receiverRequests} requests`);
  say(
    `faults injected     ${summary.failedOnPurpose} failed answers (500/502/503/reset), ${summary.slowed} slow answers; ${attempts} attempts in all`,
  );
  say(
    `time                ingest ${summary.ingestSeconds} s, all settled ${summary.settleSeconds} s after the first event`,
  );
  say(`SOAK_RESULT ${JSON.stringify(summary)}`);
  if (violations.length) {
    say(`${violations.length} violations:`);
    for (const v of violations.slice(0, 30)) say(`  ${v}`);
    const errors = herald
      .log()
      .split("\n")
      .filter((line) => /error|reload/i.test(line))
      .slice(-20);
    if (errors.length) say(`wrangler's last errors:\n  ${errors.join("\n  ")}`);
  }
  return violations.length === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  })
  .catch(async (err) => {
    process.stderr.write(`soak: ${err instanceof Error ? err.stack : String(err)}\n`);
    await stopAll();
    process.exit(2);
  });
