// The ceiling workers' configuration, for both harnesses: Miniflare worker options, and the
// wrangler.toml the wrangler harness writes for them. They take Herald's compatibility settings,
// and C3 takes Herald's queue consumer settings, so each ceiling is Herald's own platform minus Herald.
import path from "node:path";
import wrangler from "wrangler";
import { benchRoot, projectRoot } from "../lib/paths.mjs";

const scripts = { c1: "c1-ok.js", c2: "c2-post.js", c3: "c3-queue.js" };
const QUEUE = "bench-c3";

/** Herald's wrangler.toml, as wrangler reads it. */
export function heraldConfig() {
  return wrangler.unstable_readConfig(
    { config: path.join(projectRoot, "wrangler.toml") },
    { hideWarnings: true },
  );
}

/** Herald's consumer settings for its event queue. */
export function heraldConsumer() {
  const consumer = heraldConfig().queues.consumers?.find((c) => c.queue === "herald-events");
  return {
    maxBatchSize: consumer?.max_batch_size ?? 100,
    maxBatchTimeout: consumer?.max_batch_timeout ?? 1,
  };
}

/** Miniflare worker options of one ceiling. `vars`: RECEIVER_URL for C2. */
export function ceilingWorker(name, vars) {
  const config = heraldConfig();
  const worker = {
    name,
    modules: true,
    scriptPath: path.join(benchRoot, "ceilings", scripts[name]),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: vars,
  };
  if (name !== "c3") return worker;
  return {
    ...worker,
    queueProducers: { QUEUE: { queueName: QUEUE } },
    queueConsumers: { [QUEUE]: heraldConsumer() },
  };
}

/** The same ceiling as a wrangler.toml (for `wrangler dev`). */
export function ceilingToml(name, vars) {
  const config = heraldConfig();
  const lines = [
    `name = "bench-${name}"`,
    `main = ${JSON.stringify(path.join(benchRoot, "ceilings", scripts[name]))}`,
    `compatibility_date = "${config.compatibility_date}"`,
    `compatibility_flags = ${JSON.stringify(config.compatibility_flags)}`,
    "send_metrics = false",
  ];
  if (Object.keys(vars).length)
    lines.push("[vars]", ...Object.entries(vars).map(([k, v]) => `${k} = ${JSON.stringify(v)}`));
  if (name === "c3") {
    const { maxBatchSize, maxBatchTimeout } = heraldConsumer();
    lines.push("[[queues.producers]]", 'binding = "QUEUE"', `queue = "${QUEUE}"`);
    lines.push(
      "[[queues.consumers]]",
      `queue = "${QUEUE}"`,
      `max_batch_size = ${maxBatchSize}`,
      `max_batch_timeout = ${maxBatchTimeout}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
