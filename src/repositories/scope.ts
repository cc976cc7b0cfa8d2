import type { Principal } from "../app-env";

/** Which wallets a query may see: a wallet key sees its own; the admin key sees all. */
export type Scope = { kind: "all" } | { kind: "wallet"; walletId: string };

/** The scope of a caller. */
export function scopeOf(principal: Principal): Scope {
  return principal.kind === "admin"
    ? { kind: "all" }
    : { kind: "wallet", walletId: principal.walletId };
}
