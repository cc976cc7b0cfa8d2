import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Setup files may run more than once; applyD1Migrations skips applied migrations. Every shard
// (DB_0..n-1, vitest.shards.config.ts) gets all migrations, as `npm run deploy` applies them.
const shards = Number((env as { D1_SHARDS?: string }).D1_SHARDS ?? 1);
const databases = [env.DB];
if (shards > 1)
  for (let i = 0; i < shards; i++)
    databases.push((env as unknown as Record<string, D1Database>)[`DB_${i}`]!);
for (const db of databases) await applyD1Migrations(db, env.TEST_MIGRATIONS);
