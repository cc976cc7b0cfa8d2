// `npm run d1-shards -- <n>`: writes the D1 shard bindings DB_0..n-1 (databases herald-shard-i)
// and D1_SHARDS into wrangler.toml, then run `npm run types`. README, "D1 sharding": pick n
// before the first deploy; changing it later moves wallets to other shards (no data moves).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { withD1Shards } from "./lib/d1-shards.mjs";
import { projectRoot } from "./lib/wrangler.mjs";

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 1) {
  process.stderr.write("usage: npm run d1-shards -- <number of shards, 1 or more>\n");
  process.exit(1);
}
const file = path.join(projectRoot, "wrangler.toml");
writeFileSync(file, withD1Shards(readFileSync(file, "utf8"), n));
process.stdout.write(
  n === 1
    ? "wrangler.toml: one D1 database (DB) holds everything\n"
    : `wrangler.toml: D1_SHARDS = "${n}", bindings DB_0..DB_${n - 1}; now run npm run types\n`,
);
