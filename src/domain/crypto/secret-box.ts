import { fromBase64, sha256Hex, toBase64 } from "./encoding";

// AES-GCM with a fresh 96-bit IV per value, stored as `v1.<key id>.<base64(iv || ciphertext+tag)>`.
// The key id names which of ENCRYPTION_KEYS sealed the value, so keys can be rotated: the first
// key seals, every listed key opens. Values from before key ids (plain base64, no dots) are
// legacy: they are tried against each key, which AES-GCM's tag makes safe (a wrong key fails).
const IV_BYTES = 12;
const VERSION = "v1";
const imported = new Map<string, Promise<CryptoKey>>();
const ids = new Map<string, Promise<string>>();

/** The encryption keys (base64 of 32 bytes each), newest first: the first seals, all open. */
export interface KeyRing {
  keys: readonly string[];
}

/** A value sealed under a key that is not in the ring: the operator removed it too early. */
export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `A secret is sealed under encryption key id ${keyId}, which is not in ENCRYPTION_KEYS: put that key back (after the new one) and run POST /v1/admin/reencrypt`,
    );
    this.name = "UnknownKeyError";
  }
}

function importKey(keyB64: string): Promise<CryptoKey> {
  let key = imported.get(keyB64);
  if (!key) {
    key = crypto.subtle.importKey("raw", fromBase64(keyB64), "AES-GCM", false, [
      "encrypt",
      "decrypt",
    ]);
    imported.set(keyB64, key);
  }
  return key;
}

/** A key's id: 8 hex characters of a labelled SHA-256 of it (reveals nothing of the key). */
export function keyId(keyB64: string): Promise<string> {
  let id = ids.get(keyB64);
  if (!id) {
    id = sha256Hex(`herald encryption key id\n${keyB64}`).then((hex) => hex.slice(0, 8));
    ids.set(keyB64, id);
  }
  return id;
}

/** The key id a stored value names, or null for a legacy value (sealed before key ids). */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 3 && parts[0] === VERSION ? parts[1]! : null;
}

/** The id of the key that seals now (the ring's first). */
export function currentKeyId(ring: KeyRing): Promise<string> {
  return keyId(ring.keys[0]!);
}

/** Encrypts a secret for storage under the ring's first key. */
export async function seal(ring: KeyRing, plaintext: string): Promise<string> {
  const key = ring.keys[0]!;
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await importKey(key),
    new TextEncoder().encode(plaintext),
  );
  const out = new Uint8Array(IV_BYTES + ct.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ct), IV_BYTES);
  return `${VERSION}.${await keyId(key)}.${toBase64(out)}`;
}

async function decryptWith(keyB64: string, b64: string): Promise<string> {
  const raw = fromBase64(b64);
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: raw.slice(0, IV_BYTES) },
    await importKey(keyB64),
    raw.slice(IV_BYTES),
  );
  return new TextDecoder().decode(pt);
}

/**
 * Decrypts a stored secret with the key its id names (a legacy value: with whichever key
 * opens it); throws UnknownKeyError for a key id not in the ring, and the runtime's error when
 * the value was tampered with.
 */
export async function open(ring: KeyRing, sealed: string): Promise<string> {
  const id = sealedKeyId(sealed);
  if (id === null) {
    let failure: unknown;
    for (const key of ring.keys) {
      try {
        return await decryptWith(key, sealed);
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }
  for (const key of ring.keys) {
    if ((await keyId(key)) === id)
      return decryptWith(key, sealed.slice(VERSION.length + id.length + 2));
  }
  throw new UnknownKeyError(id);
}

/** Encrypts when there is a value; keeps null as null. */
export async function sealOptional(
  ring: KeyRing,
  plaintext: string | null | undefined,
): Promise<string | null> {
  return plaintext == null ? null : seal(ring, plaintext);
}

/** Decrypts when there is a value; keeps null as null. */
export async function openOptional(
  ring: KeyRing,
  sealed: string | null | undefined,
): Promise<string | null> {
  return sealed == null ? null : open(ring, sealed);
}

/** The value sealed under the ring's first key (re-sealed only when it is not already). */
export async function reseal(ring: KeyRing, sealed: string): Promise<string> {
  if (sealedKeyId(sealed) === (await currentKeyId(ring))) return sealed;
  return seal(ring, await open(ring, sealed));
}
