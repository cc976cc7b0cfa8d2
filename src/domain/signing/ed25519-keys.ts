import { toBase58 } from "../crypto/base58";
import { fromBase64Url, toBase64Url } from "../crypto/base64url";
import { fromBase64, toBase64 } from "../crypto/encoding";

/** A new key pair as Herald stores it: the public key base64url, the private key PKCS#8 base64. */
export interface Ed25519KeyPair {
  kid: string;
  publicKey: string;
  privatePkcs8: string;
}

/** An Ed25519 public key as a JWK (RFC 8037). */
export interface Ed25519Jwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
}

// The multicodec prefix of an Ed25519 public key (0xed, as an unsigned varint).
const ED25519_PUB_MULTICODEC = [0xed, 0x01];

/** Generates a key pair with WebCrypto; its kid is the JWK thumbprint of the public key. */
export async function generateEd25519KeyPair(): Promise<Ed25519KeyPair> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const raw = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  const pkcs8 = new Uint8Array(
    (await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer,
  );
  const publicKey = toBase64Url(raw);
  return { kid: await jwkThumbprint(publicKey), publicKey, privatePkcs8: toBase64(pkcs8) };
}

/** Imports a stored PKCS#8 private key for signing. */
export function importEd25519PrivateKey(privatePkcs8: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("pkcs8", fromBase64(privatePkcs8), { name: "Ed25519" }, false, [
    "sign",
  ]);
}

/** The public key as a JWK. */
export function publicJwk(publicKey: string): Ed25519Jwk {
  return { kty: "OKP", crv: "Ed25519", x: publicKey };
}

/**
 * RFC 7638 thumbprint: base64url SHA-256 of the JWK's required members in lexicographic
 * order without whitespace. Derived from the key, so it names the same key everywhere.
 */
export async function jwkThumbprint(publicKey: string): Promise<string> {
  const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${publicKey}"}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return toBase64Url(new Uint8Array(digest));
}

/** The key as Ed25519VerificationKey2020's publicKeyMultibase: "z" + base58btc(0xed01 || key), "z6Mk…". */
export function publicKeyMultibase(publicKey: string): string {
  const raw = fromBase64Url(publicKey);
  const prefixed = new Uint8Array(ED25519_PUB_MULTICODEC.length + raw.length);
  prefixed.set(ED25519_PUB_MULTICODEC);
  prefixed.set(raw, ED25519_PUB_MULTICODEC.length);
  return `z${toBase58(prefixed)}`;
}
