import type { Config } from "./config";
import type { Database } from "./db/client";

/** Who is calling: the operator with the admin key, or one wallet with its own key. */
export type Principal = { kind: "admin" } | { kind: "wallet"; walletId: string };

/** Hono's typing of Herald's context: bindings plus what middleware puts in `c.var`. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    db: Database;
    principal: Principal;
  };
}
