import { type KeyRing, seal } from "../crypto/secret-box";
import { generateEd25519KeyPair } from "./ed25519-keys";

/** A wallet's signing key as stored: public key base64url, private key sealed (AES-GCM). */
export interface NewSigningKeyRow {
  walletId: string;
  id: string;
  publicKey: string;
  privateKeyEnc: string;
  createdAt: string;
}

/** A fresh Ed25519 key pair for a wallet, its private key sealed under ENCRYPTION_KEY like the webhook secrets. */
export async function newSigningKeyRow(
  keys: KeyRing,
  walletId: string,
  nowMs: number,
): Promise<NewSigningKeyRow> {
  const pair = await generateEd25519KeyPair();
  return {
    walletId,
    id: pair.kid,
    publicKey: pair.publicKey,
    privateKeyEnc: await seal(keys, pair.privatePkcs8),
    createdAt: new Date(nowMs).toISOString(),
  };
}
