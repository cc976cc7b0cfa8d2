import type { Principal } from "../../app-env";
import { HeraldError } from "../../errors/herald-error";

/**
 * The wallet an agent's call is filed under, reconciling the wallet the agent names with the
 * caller's key: a wallet key may name only its own wallet (else 403), the admin key any
 * wallet (ingest checks that it exists). Unnamed: the key's wallet, or the default one.
 */
export function agentWallet(
  principal: Principal,
  named: string | undefined,
  source: string,
): string | undefined {
  if (principal.kind === "admin") return named;
  if (named !== undefined && named !== principal.walletId) {
    // The caller holds this key, so naming its wallet leaks nothing; the other id is theirs too.
    throw new HeraldError("forbidden", `${source} names a wallet this API key does not belong to`);
  }
  return principal.walletId;
}
