#!/usr/bin/env node
// Checks src/ against the layer rule in ARCHITECTURE.md: every relative import must point to a
// layer its own layer may import, and D1 is reached only through src/repositories/.
// Run by `npm run lint:arch` (part of `npm run lint`); exits 1 and lists each violation.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

/**
 * What each layer may import (besides itself and npm packages). Mirrors the table in
 * ARCHITECTURE.md; change both together. A layer is a folder of src/ or a root file of src/.
 * @type {Record<string, string[]>}
 */
export const RULES = {
  domain: [],
  observability: [],
  errors: ["observability"],
  openapi: ["domain", "schemas"],
  config: ["errors", "domain"],
  "app-env": ["config", "db", "domain"],
  db: ["domain"],
  schemas: ["domain"],
  repositories: ["db", "domain", "errors", "config", "app-env", "observability"],
  services: ["repositories", "db", "domain", "errors", "config", "app-env", "observability"],
  middleware: ["services", "domain", "errors", "config", "app-env", "observability"],
  routes: [
    "services",
    "middleware",
    "schemas",
    "domain",
    "errors",
    "config",
    "app-env",
    "observability",
  ],
  streams: ["repositories", "db", "domain", "errors", "config", "observability"],
  limits: ["repositories", "db", "domain", "errors", "config", "observability"],
  delivery: ["repositories", "db", "domain", "errors", "config", "observability"],
  queue: [
    "delivery",
    "streams",
    "repositories",
    "db",
    "domain",
    "errors",
    "config",
    "observability",
  ],
  cron: ["delivery", "queue", "repositories", "db", "domain", "errors", "config", "observability"],
  app: [
    "routes",
    "middleware",
    "services",
    "openapi",
    "errors",
    "db",
    "config",
    "app-env",
    "observability",
  ],
  index: [
    "app",
    "queue",
    "delivery",
    "streams",
    "limits",
    "cron",
    "domain",
    "config",
    "observability",
  ],
};

/** Layers that may build D1 statements: import drizzle-orm or values of the schema, call prepare/batch. */
const D1_DOOR = new Set(["repositories", "db"]);
const D1_CALL = /\.(prepare|batch)\(|\.query\.\w+\.find/;

/** @param {string} file */
function layerOf(file) {
  const [first = "", second] = relative(src, file).split("/");
  return second === undefined ? first.replace(/(\.d)?\.ts$/, "") : first;
}

/** @param {string} dir @returns {Generator<string>} */
function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts") && entry.name !== "worker-configuration.d.ts") yield path;
  }
}

/**
 * Every import or re-export of a file, with whether it brings in types only.
 * @param {string} text
 */
function importsOf(text) {
  /** @type {{ target: string; typeOnly: boolean }[]} */
  const found = [];
  const pattern = /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+"([^"]+)"/gms;
  for (const [, typeKeyword, clause = "", target = ""] of text.matchAll(pattern)) {
    const names = clause
      .match(/^\{([^}]*)\}$/s)?.[1]
      ?.split(",")
      .map((n) => n.trim());
    const typeOnly =
      Boolean(typeKeyword) || Boolean(names?.filter(Boolean).every((n) => n.startsWith("type ")));
    found.push({ target, typeOnly });
  }
  // Side-effect and dynamic imports count too.
  for (const m of text.matchAll(/^import\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/gm))
    found.push({ target: m[1] ?? m[2] ?? "", typeOnly: false });
  return found;
}

/** The violations of the rule table in the given source tree. */
export function violations(dir = src) {
  /** @type {string[]} */
  const out = [];
  for (const file of sourceFiles(dir)) {
    const from = layerOf(file);
    const allowed = RULES[from];
    const name = relative(root, file);
    if (!allowed) {
      out.push(`${name}: layer "${from}" is not in the rule table`);
      continue;
    }
    const text = readFileSync(file, "utf8");
    for (const { target, typeOnly } of importsOf(text)) {
      if (!target.startsWith(".")) {
        if (target.startsWith("drizzle-orm") && !D1_DOOR.has(from))
          out.push(`${name}: imports ${target}; D1 statements belong in src/repositories/`);
        continue;
      }
      const to = layerOf(resolve(dirname(file), target));
      if (to !== from && !allowed.includes(to))
        out.push(`${name}: ${from} may not import ${to} (${target})`);
      if (to === "db" && target.endsWith("/schema") && !typeOnly && !D1_DOOR.has(from))
        out.push(
          `${name}: imports tables from ${target}; D1 statements belong in src/repositories/`,
        );
    }
    if (!D1_DOOR.has(from)) {
      text.split("\n").forEach((line, i) => {
        if (D1_CALL.test(line) && !/^\s*(\/\/|\*)/.test(line))
          out.push(`${name}:${i + 1}: runs a D1 statement; that belongs in src/repositories/`);
      });
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = violations();
  for (const line of found) console.error(line);
  if (found.length) {
    console.error(`\n${found.length} violation(s) of the layer rule; see ARCHITECTURE.md.`);
    process.exit(1);
  }
  console.log("architecture: every import follows the layer rule in ARCHITECTURE.md");
}
