import { fromBase64, toBase64 } from "./encoding";

// AES-GCM with a fresh 96-bit IV per value; stored as base64(iv || ciphertext+tag).
const IV_BYTES = 12;
const keys = new Map<string, Promise<CryptoKey>>();

function importKey(keyB64: string): Promise<CryptoKey> {
  let key = keys.get(keyB64);
  if (!key) {
    key = crypto.subtle.importKey("raw", fromBase64(keyB64), "AES-GCM", false, [
      "encrypt",
      "decrypt",
    ]);
    keys.set(keyB64, key);
  }
  return key;
}

/** Encrypts a secret for storage. */
export async function seal(keyB64: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await importKey(keyB64),
    new TextEncoder().encode(plaintext),
  );
  const out = new Uint8Array(IV_BYTES + ct.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ct), IV_BYTES);
  return toBase64(out);
}

/** Decrypts a stored secret; throws when the key is wrong or the value was tampered with. */
export async function open(keyB64: string, sealed: string): Promise<string> {
  const raw = fromBase64(sealed);
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: raw.slice(0, IV_BYTES) },
    await importKey(keyB64),
    raw.slice(IV_BYTES),
  );
  return new TextDecoder().decode(pt);
}

/** Encrypts when there is a value; keeps null as null. */
export async function sealOptional(
  keyB64: string,
  plaintext: string | null | undefined,
): Promise<string | null> {
  return plaintext == null ? null : seal(keyB64, plaintext);
}

/** Decrypts when there is a value; keeps null as null. */
export async function openOptional(
  keyB64: string,
  sealed: string | null | undefined,
): Promise<string | null> {
  return sealed == null ? null : open(keyB64, sealed);
}
