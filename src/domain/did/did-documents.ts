import { publicJwk, publicKeyMultibase } from "../signing/ed25519-keys";
import { serviceDid, walletDid } from "./did-web";

/** A published signing key: its kid (JWK thumbprint) and raw public key, base64url. */
export interface PublishedKey {
  kid: string;
  publicKey: string;
}

const DID_CONTEXT = "https://www.w3.org/ns/did/v1";
const JWS_2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1";
const ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1";

/** The service's DID document: it names Herald's API; wallets' keys live in their own documents. */
export function serviceDidDocument(origin: string) {
  const id = serviceDid(origin);
  return {
    "@context": [DID_CONTEXT],
    id,
    service: [{ id: `${id}#api`, type: "HeraldWebhooks", serviceEndpoint: `${origin}/v1` }],
  };
}

/**
 * A wallet's DID document. Each key (current first, then one still in its rotation overlap)
 * appears twice, for libraries that read only one type: `#<kid>` as JsonWebKey2020 (the id
 * `webhook-key-id` names and the JWKS kid) and `#z6Mk…` as Ed25519VerificationKey2020.
 */
export function walletDidDocument(origin: string, walletId: string, keys: readonly PublishedKey[]) {
  const id = walletDid(origin, walletId);
  const methods = keys.flatMap((key) => {
    const multibase = publicKeyMultibase(key.publicKey);
    return [
      {
        id: `${id}#${key.kid}`,
        type: "JsonWebKey2020",
        controller: id,
        publicKeyJwk: publicJwk(key.publicKey),
      },
      {
        id: `${id}#${multibase}`,
        type: "Ed25519VerificationKey2020",
        controller: id,
        publicKeyMultibase: multibase,
      },
    ];
  });
  const refs = methods.map((method) => method.id);
  return {
    "@context": [DID_CONTEXT, JWS_2020_CONTEXT, ED25519_2020_CONTEXT],
    id,
    verificationMethod: methods,
    assertionMethod: refs,
    authentication: refs,
  };
}

/** The same keys as a JWK Set (RFC 7517), current key first. */
export function walletJwks(keys: readonly PublishedKey[]) {
  return {
    keys: keys.map((key) => ({
      ...publicJwk(key.publicKey),
      kid: key.kid,
      use: "sig",
      alg: "EdDSA",
    })),
  };
}
