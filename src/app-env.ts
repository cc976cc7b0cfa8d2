import type { Config } from "./config";
import type { Database } from "./db/client";
import type { KeyScope } from "./domain/key-scopes";

/**
 * Who is calling: the operator with the admin key, or one wallet with one of its keys. `keyId`
 * and `scopes` come with a wallet key; a wallet caller without them (a signed iGrant call) has
 * no key to name and the whole wallet's rights on the routes it can reach.
 */
export type Principal =
  | { kind: "admin" }
  | { kind: "wallet"; walletId: string; keyId?: string; scopes?: readonly KeyScope[] };

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
