#!/usr/bin/env node
// Rewrites wrangler.toml's event queue bindings for N shards. `npm run shards -- --queues=N`
// starts a change from the current count P: it sets QUEUE_SHARDS = "N" and
// QUEUE_SHARDS_PREVIOUS = "P", and binds producers and consumers on max(N, P) queues, so every
// old shard is still consumed and can be sent a moving wallet's barrier (README, "What
// production on Cloudflare would change"). Once the old shards hold nothing more of the moved
// wallets, `npm run shards -- --settled` ends the change: bindings for N shards only, no
// QUEUE_SHARDS_PREVIOUS. Shard 0 is the queue herald-events (what a deployment made before
// shards already has), shard i is herald-events-i; every shard gets the same consumer settings
// and dead-letter queue. Create new queues before deploying: `npx wrangler queues create
// herald-events-<i>`.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const BEGIN = "# BEGIN queue shards";
const END = "# END queue shards";

/** The queue name of shard i. */
export const queueName = (i) => (i === 0 ? "herald-events" : `herald-events-${i}`);

/** The wrangler.toml text between the markers for `queues` shards, `previous` before a change. */
export function shardBlocks(queues, previous = 0) {
  const bound = Math.max(queues, previous);
  const lines = [
    `${BEGIN}: written by \`npm run shards -- --queues=N\` (scripts/queue-shards.mjs); edit`,
    "# there, not here. Shard 0 keeps the name herald-events, so a deployment made before shards keeps",
    "# its queued messages. Every shard has the same consumer settings and dead-letter queue.",
  ];
  for (let i = 0; i < bound; i++) {
    if (i >= queues)
      lines.push(
        `# Draining: events go here no more since QUEUE_SHARDS = ${queues}; only barriers do.`,
      );
    lines.push(
      "[[queues.producers]]",
      `binding = "EVENTS_QUEUE_${i}"`,
      `queue = "${queueName(i)}"`,
      "",
    );
  }
  for (let i = 0; i < bound; i++) {
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

const COUNT = /^QUEUE_SHARDS = "(\d+)"$/m;
const PREVIOUS = /^QUEUE_SHARDS_PREVIOUS = "(\d+)"\n/m;

/** The shard count wrangler.toml names, and the count before the change under way (0: none). */
export function shardCounts(toml) {
  const count = toml.match(COUNT);
  if (!count) throw new Error('wrangler.toml lacks QUEUE_SHARDS = "…" in [vars]');
  return { queues: Number(count[1]), previous: Number(toml.match(PREVIOUS)?.[1] ?? 0) };
}

/** wrangler.toml's text rewritten for `queues` shards, `previous` while a change is under way. */
export function rewrite(toml, queues, previous = 0) {
  const start = toml.indexOf(BEGIN);
  const end = toml.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`wrangler.toml lacks the "${BEGIN}" … "${END}" block`);
  shardCounts(toml);
  const vars =
    `QUEUE_SHARDS = "${queues}"` +
    (previous && previous !== queues ? `\nQUEUE_SHARDS_PREVIOUS = "${previous}"` : "");
  return (
    toml.slice(0, start) +
    shardBlocks(queues, previous === queues ? 0 : previous) +
    toml.slice(end + END.length)
  )
    .replace(PREVIOUS, "")
    .replace(COUNT, vars);
}

/**
 * The next wrangler.toml for `--queues=N` (start a change from the current count) or
 * `--settled` (end the change under way), with what to tell the operator.
 * @param {string} toml
 * @param {{ queues?: number, settled?: boolean }} request
 */
export function plan(toml, { queues, settled }) {
  const now = shardCounts(toml);
  if (settled) {
    if (!now.previous)
      return { toml, message: `no change under way: QUEUE_SHARDS = ${now.queues}` };
    return {
      toml: rewrite(toml, now.queues),
      message: `change from ${now.previous} to ${now.queues} shards ended: bindings for ${now.queues}`,
    };
  }
  if (now.previous && queues !== now.queues)
    throw new Error(
      `a change from ${now.previous} to ${now.queues} shards is under way: end it with --settled first`,
    );
  if (queues === now.queues) return { toml, message: `QUEUE_SHARDS is ${queues} already` };
  return {
    toml: rewrite(toml, queues, now.queues),
    message:
      `QUEUE_SHARDS = ${queues}, QUEUE_SHARDS_PREVIOUS = ${now.queues}: ${Math.max(queues, now.queues)} queue(s) bound. ` +
      "Create any new queue with `npx wrangler queues create <name>`, run `npm run types`, deploy; " +
      "end the change with `npm run shards -- --settled` once the old shards are drained.",
  };
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
  const settled = args.includes("--settled");
  if ((queues === undefined) === !settled) {
    console.error("usage: npm run shards -- --queues=N | --settled [--config=wrangler.toml]");
    process.exit(2);
  }
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const file = args.find((a) => a.startsWith("--config="))?.slice(9) ?? join(root, "wrangler.toml");
  try {
    const next = plan(readFileSync(file, "utf8"), { queues, settled });
    writeFileSync(file, next.toml);
    console.log(`${file}: ${next.message}`);
  } catch (err) {
    console.error(`${file}: ${err.message}`);
    process.exit(1);
  }
}
