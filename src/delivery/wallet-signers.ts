import type { Database } from "../db/client";
import { type KeyRing, open } from "../domain/crypto/secret-box";
import { importEd25519PrivateKey } from "../domain/signing/ed25519-keys";
import { newSigningKeyRow } from "../domain/signing/signing-key-row";
import { walletScope } from "../repositories/scope";
import { signingKeysOrFirst } from "../repositories/signing-keys";

/** One wallet's signing keys, current first; a rotated-out key carries the moment it stops. */
interface WalletKeys {
  keys: Array<{ kid: string; key: CryptoKey; expiresAt: number | null }>;
}

/** The keys that sign at one moment: the current key's kid names them in webhook-key-id. */
export interface SigningKeysNow {
  kid: string;
  keys: CryptoKey[];
}

// A global webhook signs for every wallet it delivers: bounded, oldest entry dropped first.
const MAX_WALLETS = 1000;

/**
 * A webhook object's cache of decrypted wallet keys. The object clears it whenever it reloads
 * its settings (at least every 30 s, and at once when a rotation notifies it); between loads a
 * rotated-out key still stops at its expiry, which is checked on every use.
 */
export class WalletSigners {
  private readonly cache = new Map<string, Promise<WalletKeys>>();

  constructor(
    private readonly db: Database,
    private readonly keys: KeyRing,
  ) {}

  /** The keys that sign for this wallet at `now`; its first key is created on first use. */
  async keysAt(walletId: string, now: number): Promise<SigningKeysNow> {
    let loading = this.cache.get(walletId);
    if (!loading) {
      const started = this.load(walletId, now);
      // A failed load is not remembered (unless a newer load already replaced it): the next
      // attempt asks D1 again.
      started.catch(() => {
        if (this.cache.get(walletId) === started) this.cache.delete(walletId);
      });
      loading = started;
      this.cache.set(walletId, loading);
      if (this.cache.size > MAX_WALLETS) this.cache.delete(this.cache.keys().next().value!);
    }
    const live = (await loading).keys.filter((k) => k.expiresAt === null || k.expiresAt > now);
    if (!live.length) throw new Error(`wallet ${walletId} has no current signing key`);
    return { kid: live[0]!.kid, keys: live.map((k) => k.key) };
  }

  /** Forgets every cached key (settings reloaded, or a rotation was announced). */
  clear(): void {
    this.cache.clear();
  }

  private async load(walletId: string, now: number): Promise<WalletKeys> {
    const rows = await signingKeysOrFirst(
      this.db,
      walletScope(walletId),
      walletId,
      new Date(now).toISOString(),
      () => newSigningKeyRow(this.keys, walletId, now),
    );
    const keys = await Promise.all(
      rows.map(async (row) => ({
        kid: row.id,
        key: await importEd25519PrivateKey(await open(this.keys, row.privateKeyEnc)),
        expiresAt: row.expiresAt === null ? null : Date.parse(row.expiresAt),
      })),
    );
    return { keys };
  }
}
