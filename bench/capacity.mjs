// `npm run capacity [-- --file=bench/results/<run>.jsonl] [-- --webhooks=1] [-- --d1-query-ms=1]`
// The capacity model: from the last bench run's measured costs per event (CPU per ingest and per
// delivery, D1 statements and object calls per event) and Cloudflare's published limits
// (bench/capacity/platform-limits.mjs), the events/s and deliveries/s a deployment sustains
// at 1, 4 and 16 shards (QUEUE_SHARDS queues, as many D1 databases) and which limit binds
// first. See bench/capacity/model.mjs for the arithmetic.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  capacity,
  costsFrom,
  invocationChecks,
  perObject,
  scenarioCosts,
} from "./capacity/model.mjs";
import { PLATFORM_LIMITS, SHARD_COUNTS } from "./capacity/platform-limits.mjs";
import { resultsDir } from "./lib/paths.mjs";

const { values: args } = parseArgs({
  options: {
    file: { type: "string" },
    webhooks: { type: "string", default: "1" },
    "d1-query-ms": { type: "string", default: String(PLATFORM_LIMITS.d1.queryMs) },
    "batch-size": { type: "string", default: String(PLATFORM_LIMITS.queue.maxBatchSize) },
  },
});
const say = (line = "") => process.stdout.write(`${line}\n`);

/** The newest results file (names start with the run's ISO time). */
function lastResults() {
  const files = readdirSync(resultsDir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort();
  if (!files.length) throw new Error(`no results in ${resultsDir}: run \`npm run bench\` first`);
  return path.join(resultsDir, files.at(-1));
}

const fmt = (x) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? "-"
    : Math.round(x).toLocaleString("en-US");

function main() {
  const file = args.file ?? lastResults();
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const meta = lines[0] ?? {};
  const costs = costsFrom(scenarioCosts(lines));
  const webhooks = Number(args.webhooks);
  const queryMs = Number(args["d1-query-ms"]);
  say(`Capacity model from ${path.relative(process.cwd(), file)}`);
  say(
    `  (${meta.profile ?? "?"} run, ${meta.harness ?? "?"} harness, ${meta.git?.sha ?? "?"}, ${meta.startedAt ?? "?"})`,
  );
  say();
  say("Measured cost per event (S1: ingest, no webhook) and per delivery ((S3 - S1) / webhooks):");
  const row = (label, c) =>
    say(
      `  ${label.padEnd(13)} CPU ${c.cpuMicros.toFixed(0).padStart(6)} µs, D1 ${c.d1Statements.toFixed(2)} statements in ${c.d1Calls.toFixed(2)} calls, ${c.d1RowsWritten.toFixed(2)} rows written, ${c.objectCalls.toFixed(2)} object calls`,
    );
  row("per ingest", costs.ingest);
  row("per delivery", costs.perDelivery);
  say();
  say(
    `Events with ${webhooks} webhook(s) each; D1 at ${queryMs} ms a query; one queue message an event.`,
  );
  say();
  say("| shards | events/s | deliveries/s | binds first | next limit (events/s) |");
  say("|---|---|---|---|---|");
  for (const shards of SHARD_COUNTS) {
    const c = capacity(costs, PLATFORM_LIMITS, { shards, webhooks, queryMs });
    const next = c.ceilings
      .filter((x) => x.limit !== c.binding)
      .sort((a, b) => a.eventsPerS - b.eventsPerS)[0];
    say(
      `| ${shards} | ${fmt(c.eventsPerS)} | ${fmt(c.deliveriesPerS)} | ${c.binding} | ${next.limit}: ${fmt(next.eventsPerS)} |`,
    );
  }
  const hot = perObject(costs, PLATFORM_LIMITS);
  say();
  say(
    `Per object (~${PLATFORM_LIMITS.durableObject.requestsPerSecond} requests/s each; shards do not raise these): one wallet ${fmt(hot.walletEventsPerS)} events/s, one webhook ${fmt(hot.webhookDeliveriesPerS)} deliveries/s.`,
  );
  const batchSize = Number(args["batch-size"]);
  const inv = invocationChecks(costs, PLATFORM_LIMITS, { webhooks, batchSize });
  say(
    `A consumer batch of ${batchSize}: ${inv.batchCpuMs.toFixed(0)} ms CPU (limit ${PLATFORM_LIMITS.workers.cpuMsPerInvocation} ms: ${inv.cpuOk ? "within" : "OVER"}), ${inv.batchQueries.toFixed(0)} D1 queries (limit ${PLATFORM_LIMITS.d1.queriesPerInvocation}: ${inv.queriesOk ? "within" : "OVER"}).`,
  );
}

main();
