import type { Principal } from "../app-env";
import { HeraldError } from "../errors/herald-error";

/**
 * Which wallets a query may touch. Every repository function over tenant data takes one, so a
 * query without a tenant decision does not type-check: a wallet key sees its own wallet; the
 * admin key, and Herald's own background work, see all.
 */
export type Scope = AllWallets | WalletScope;

/** One wallet: a wallet key's, or the wallet an admin request or a queued event is for. */
export type WalletScope = { kind: "wallet"; walletId: string };

/** Every wallet: the admin key, or a system path (consumer, webhook object, cron, bootstrap). */
export type AllWallets = { kind: "all"; by: "admin" | "system" };

/** The scope of a caller. */
export function scopeOf(principal: Principal): Scope {
  return principal.kind === "admin"
    ? { kind: "all", by: "admin" }
    : { kind: "wallet", walletId: principal.walletId };
}

/** The scope of one wallet, once the wallet of the work is decided. */
export function walletScope(walletId: string): WalletScope {
  return { kind: "wallet", walletId };
}

/** Herald's own cross-wallet work, named so a system read is visible where it is made. */
export function systemScope(): AllWallets {
  return { kind: "all", by: "system" };
}

/** Whether a row of `walletId` (null: a global webhook) lies in the scope. */
export function covers(scope: Scope, walletId: string | null): boolean {
  return scope.kind === "all" || scope.walletId === walletId;
}

/** The admin key's scope; any other caller is refused (the admin routes' second lock). */
export function adminScope(principal: Principal): AllWallets {
  if (principal.kind !== "admin")
    throw new HeraldError("forbidden", "This route needs the admin key");
  return { kind: "all", by: "admin" };
}
