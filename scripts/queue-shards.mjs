#!/usr/bin/env node
// Rewrites wrangler.toml's event queue bindings for N shards: `npm run shards -- --queues=N`
// binds producers EVENTS_QUEUE_0..N-1 and sets QUEUE_SHARDS = "N". Shard 0 is the queue
// herald-events (what a deployment made before shards already has), shard i is herald-events-i;
// every shard gets the same consumer settings and dead-letter queue.
// `--consume=M` (M > N) keeps consumers on herald-events-N..M-1 after shrinking, so the messages
// already queued there are still delivered: shrink with --consume set to the old count, deploy,
// and once those queues are empty, run again without it. Create new queues before deploying:
// `npx wrangler queues create herald-events-<i>`.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const BEGIN = "# BEGIN queue shards";
const END = "# END queue shards";

/** The queue name of shard i. */
export const queueName = (i) => (i === 0 ? "herald-events" : `herald-events-${i}`);

/** The wrangler.toml text between the markers for `queues` producers and `consume` consumers. */
export function shardBlocks(queues, consume = queues) {
  const lines = [
    `${BEGIN}: written by \`npm run shards -- --queues=N\` (scripts/queue-shards.mjs); edit`,
    "# there, not here. Shard 0 keeps the name herald-events, so a deployment made before shards keeps",
    "# its queued messages. Every shard has the same consumer settings and dead-letter queue.",
  ];
  for (let i = 0; i < queues; i++)
    lines.push(
      "[[queues.producers]]",
      `binding = "EVENTS_QUEUE_${i}"`,
      `queue = "${queueName(i)}"`,
      "",
    );
  for (let i = 0; i < Math.max(queues, consume); i++) {
    if (i >= queues)
      lines.push(`# Draining: no producer sends here since QUEUE_SHARDS = ${queues}.`);
    lines.push(
      "[[queues.consumers]]",
      `queue = "${queueName(i)}"`,
      "max_batch_size = 100",
      ...(i === 0
        ? [
            "# Seconds a batch may wait to fill: 0.1 keeps ingest-to-delivery near 100 ms at low rates (1 s put",
            "# it near 1 s); a full batch goes at once. Deployed as max_wait_time_ms = 100.",
          ]
        : []),
      "max_batch_timeout = 0.1",
      "max_retries = 10",
      'dead_letter_queue = "herald-events-dlq"',
      "",
    );
  }
  lines.pop();
  lines.push(END);
  return lines.join("\n");
}

/** wrangler.toml's text rewritten for the shards. */
export function rewrite(toml, queues, consume = queues) {
  const start = toml.indexOf(BEGIN);
  const end = toml.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`wrangler.toml lacks the "${BEGIN}" … "${END}" block`);
  const vars = /^QUEUE_SHARDS = "\d+"$/m;
  if (!vars.test(toml)) throw new Error('wrangler.toml lacks QUEUE_SHARDS = "…" in [vars]');
  return (
    toml.slice(0, start) +
    shardBlocks(queues, consume) +
    toml.slice(end + END.length)
  ).replace(vars, `QUEUE_SHARDS = "${queues}"`);
}

function option(args, name) {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  if (arg === undefined) return undefined;
  const value = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value < 1 || value > 100)
    throw new Error(`--${name} takes a whole number from 1 to 100`);
  return value;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const queues = option(args, "queues");
  if (queues === undefined) {
    console.error("usage: npm run shards -- --queues=N [--consume=M] [--config=wrangler.toml]");
    process.exit(2);
  }
  const consume = option(args, "consume") ?? queues;
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const file = args.find((a) => a.startsWith("--config="))?.slice(9) ?? join(root, "wrangler.toml");
  writeFileSync(file, rewrite(readFileSync(file, "utf8"), queues, consume));
  console.log(
    `${file}: QUEUE_SHARDS = ${queues}, consumers on ${Math.max(queues, consume)} queue(s). ` +
      "Create any new queue with `npx wrangler queues create <name>`, then `npm run types`.",
  );
}
