/**
 * did:web identifiers (https://w3c-ccg.github.io/did-method-web/): the host, with a port's
 * colon percent-encoded (`localhost%3A8787`), then path segments joined by ":". Resolvers
 * turn `did:web:<host>:wallets:<id>` into `https://<host>/wallets/<id>/did.json`.
 */

/** The did:web form of an origin's host. */
export function didWebHost(origin: string): string {
  return encodeURIComponent(new URL(origin).host);
}

/** The service's own DID, served at /.well-known/did.json. */
export function serviceDid(origin: string): string {
  return `did:web:${didWebHost(origin)}`;
}

/** A wallet's DID, served at /wallets/{walletId}/did.json. */
export function walletDid(origin: string, walletId: string): string {
  return `${serviceDid(origin)}:wallets:${encodeURIComponent(walletId)}`;
}

/** The DID URL of one of a wallet's keys: what `webhook-key-id` carries. */
export function walletKeyId(origin: string, walletId: string, kid: string): string {
  return `${walletDid(origin, walletId)}#${kid}`;
}
