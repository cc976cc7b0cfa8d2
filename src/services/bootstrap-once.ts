import type { Config } from "../config";
import type { Database } from "../db/client";
import { bootstrap } from "./bootstrap";

// Once per isolate; a failed bootstrap is retried by the next request instead of being cached.
let done: Promise<void> | null = null;

/** Runs the environment bootstrap once per isolate. */
export async function ensureBootstrapped(db: Database, config: Config): Promise<void> {
  if (!done) {
    done = bootstrap(db, config).catch((err) => {
      done = null;
      throw err;
    });
  }
  await done;
}
