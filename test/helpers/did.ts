import { Resolver } from "did-resolver";
import { expect } from "vitest";
import { getResolver } from "web-did-resolver";

/**
 * A did:web resolver (did-resolver + web-did-resolver). Its HTTPS fetches reach this Worker
 * only in a test file that mocks `cross-fetch` with helpers/worker-fetch.ts.
 */
export const resolver = new Resolver(getResolver());

/** Resolves a DID with the real resolver and returns its document, asserting success. */
export async function resolveDid(did: string): Promise<any> {
  const result = await resolver.resolve(did);
  expect(result.didResolutionMetadata.error, result.didResolutionMetadata.message).toBeUndefined();
  expect(result.didDocument?.id).toBe(did);
  return result.didDocument;
}

/** The raw 32-byte public key of a JsonWebKey2020 method, as the DID document publishes it. */
export function jwkKeyBytes(method: any): Uint8Array {
  expect(method).toMatchObject({
    type: "JsonWebKey2020",
    publicKeyJwk: { kty: "OKP", crv: "Ed25519" },
  });
  const b64 = method.publicKeyJwk.x.replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) =>
    c.charCodeAt(0),
  );
}

/** The verification method a DID URL (`did#fragment`) names, from its resolved document. */
export async function resolveKey(didUrl: string): Promise<{ method: any; key: Uint8Array }> {
  const [did] = didUrl.split("#");
  const document = await resolveDid(did!);
  const method = document.verificationMethod.find((m: any) => m.id === didUrl);
  expect(method, `${didUrl} in ${JSON.stringify(document)}`).toBeDefined();
  return { method, key: jwkKeyBytes(method) };
}
