import { exports } from "cloudflare:workers";
import * as ed from "@noble/ed25519";
import { base58 } from "@scure/base";
import { describe, expect, it, vi } from "vitest";
import { open } from "../../src/domain/crypto/secret-box";
import { call, callJson, expectProblem, newWallet } from "../helpers/api";
import { jwkKeyBytes, resolveDid, resolver } from "../helpers/did";
import { signingKeyRows } from "../helpers/signing-keys";

// web-did-resolver fetches with cross-fetch: pointed at this Worker, nothing else changes.
vi.mock("cross-fetch", async () => {
  const { workerFetch } = await import("../helpers/worker-fetch");
  return { default: workerFetch, fetch: workerFetch };
});

const TEST_ENCRYPTION_KEY = "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=";

/** The 32 key bytes a publicKeyMultibase ("z" + base58btc(0xed 0x01 || key)) carries. */
function multibaseKeyBytes(multibase: string): Uint8Array {
  expect(multibase.startsWith("z6Mk")).toBe(true);
  const bytes = base58.decode(multibase.slice(1));
  expect([...bytes.slice(0, 2)]).toEqual([0xed, 0x01]);
  return bytes.slice(2);
}

const didOf = (walletId: string) => `did:web:herald.test:wallets:${walletId}`;

describe("the service's DID document", () => {
  it("is public and names the host it was asked through", async () => {
    const response = await call("/.well-known/did.json", { key: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const document = await response.json<any>();
    expect(document.id).toBe("did:web:herald.test");
    expect(document.service[0]).toMatchObject({ serviceEndpoint: "http://herald.test/v1" });
  });

  it("percent-encodes a port in the did:web host", async () => {
    const response = await exports.default.fetch(
      new Request("http://localhost:8787/.well-known/did.json"),
    );
    expect((await response.json<any>()).id).toBe("did:web:localhost%3A8787");
  });

  it("resolves with did-resolver and web-did-resolver", async () => {
    const document = await resolveDid("did:web:herald.test");
    expect(document.service[0].type).toBe("HeraldWebhooks");
  });
});

describe("a wallet's DID document", () => {
  it("publishes the wallet's Ed25519 key as JsonWebKey2020 and Ed25519VerificationKey2020", async () => {
    const wallet = await newWallet();
    const {
      status,
      body: document,
      headers,
    } = await callJson(`/wallets/${wallet.id}/did.json`, { key: null });
    expect(status).toBe(200);
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(document.id).toBe(didOf(wallet.id));
    expect(document["@context"]).toContain("https://www.w3.org/ns/did/v1");
    const [jwk, multibase] = document.verificationMethod;
    expect(jwk.type).toBe("JsonWebKey2020");
    expect(jwk.controller).toBe(document.id);
    expect(multibase.type).toBe("Ed25519VerificationKey2020");
    expect(multibase.id).toBe(`${document.id}#${multibase.publicKeyMultibase}`);
    // Both methods carry the same 32-byte key.
    expect(multibaseKeyBytes(multibase.publicKeyMultibase)).toEqual(jwkKeyBytes(jwk));
    expect(jwkKeyBytes(jwk)).toHaveLength(32);
    const ids = [jwk.id, multibase.id];
    expect(document.assertionMethod).toEqual(ids);
    expect(document.authentication).toEqual(ids);
  });

  it("resolves through did:web, port included, to the same key", async () => {
    const wallet = await newWallet();
    const direct = await callJson(`/wallets/${wallet.id}/did.json`, { key: null });
    const resolved = await resolveDid(didOf(wallet.id));
    expect(resolved.verificationMethod).toEqual(direct.body.verificationMethod);
    const withPort = await resolveDid(`did:web:localhost%3A8787:wallets:${wallet.id}`);
    expect(withPort.verificationMethod[0].id).toMatch(
      new RegExp(`^did:web:localhost%3A8787:wallets:${wallet.id}#`),
    );
    expect(withPort.verificationMethod[0].publicKeyJwk).toEqual(
      direct.body.verificationMethod[0].publicKeyJwk,
    );
  });

  it("keeps the same key across reads: it is created once, on first use", async () => {
    const wallet = await newWallet();
    const first = await callJson(`/wallets/${wallet.id}/did.json`, { key: null });
    const second = await callJson(`/wallets/${wallet.id}/did.json`, { key: null });
    expect(second.body).toEqual(first.body);
    expect(await signingKeyRows(wallet.id)).toHaveLength(1);
  });

  it("stores the private key sealed, and it signs for the published public key", async () => {
    const wallet = await newWallet();
    const { body: document } = await callJson(`/wallets/${wallet.id}/did.json`, { key: null });
    const [row] = await signingKeyRows(wallet.id);
    const pkcs8 = await open({ keys: [TEST_ENCRYPTION_KEY] }, row!.private_key_enc);
    // At rest it is ciphertext: neither the PKCS#8 bytes nor their base64 appear in the column.
    expect(row!.private_key_enc).not.toContain(pkcs8);
    const key = await crypto.subtle.importKey(
      "pkcs8",
      Uint8Array.from(atob(pkcs8), (c) => c.charCodeAt(0)),
      { name: "Ed25519" },
      false,
      ["sign"],
    );
    const message = new TextEncoder().encode("proof of possession");
    const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key, message));
    const publicKey = jwkKeyBytes(document.verificationMethod[0]);
    expect(await ed.verifyAsync(signature, message, publicKey)).toBe(true);
  });

  it("answers 404 problem+json for a wallet Herald does not know", async () => {
    await expectProblem(await call(`/wallets/${crypto.randomUUID()}/did.json`, { key: null }), 404);
    await expectProblem(
      await call(`/v1/wallets/${crypto.randomUUID()}/jwks.json`, { key: null }),
      404,
    );
    const failed = await resolver.resolve(didOf(crypto.randomUUID()));
    expect(failed.didResolutionMetadata.error).toBe("notFound");
  });
});

describe("a wallet's JWKS", () => {
  it("is public and lists the same key, kid = the DID method's fragment", async () => {
    const wallet = await newWallet();
    const { status, body } = await callJson(`/v1/wallets/${wallet.id}/jwks.json`, { key: null });
    expect(status).toBe(200);
    const { body: document } = await callJson(`/wallets/${wallet.id}/did.json`, { key: null });
    const jwk = document.verificationMethod[0];
    expect(body.keys).toEqual([
      { ...jwk.publicKeyJwk, kid: jwk.id.split("#")[1], use: "sig", alg: "EdDSA" },
    ]);
  });
});

describe("rotating a wallet's signing key", () => {
  it("makes a new key current and keeps the previous one published beside it", async () => {
    const wallet = await newWallet();
    const before = await callJson(`/v1/wallets/${wallet.id}/jwks.json`, { key: null });
    const rotated = await callJson("/v1/signing-keys/rotate", {
      method: "POST",
      key: wallet.apiKey,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.did).toBe(didOf(wallet.id));
    const [current, previous] = rotated.body.keys;
    expect(current).toMatchObject({ status: "current", expiresAt: null });
    expect(previous).toMatchObject({ status: "previous", kid: before.body.keys[0].kid });
    const overlap = Date.parse(previous.expiresAt) - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3_600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3_600_000);
    expect(current.keyId).toBe(`${didOf(wallet.id)}#${current.kid}`);

    const jwks = await callJson(`/v1/wallets/${wallet.id}/jwks.json`, { key: null });
    expect(jwks.body.keys.map((k: any) => k.kid)).toEqual([current.kid, previous.kid]);
    const document = await resolveDid(didOf(wallet.id));
    expect(document.verificationMethod).toHaveLength(4);
    expect(document.verificationMethod[0].id).toBe(current.keyId);
  });

  it("keeps at most two keys signing: a second rotation ends the oldest key's overlap", async () => {
    const wallet = await newWallet();
    const rotate = () =>
      callJson(`/v1/wallets/${wallet.id}/signing-keys/rotate`, { method: "POST" });
    const first = await rotate();
    const second = await rotate();
    expect(second.status).toBe(200);
    expect(second.body.keys.map((k: any) => k.kid)).toEqual([
      second.body.keys[0].kid,
      first.body.keys[0].kid,
    ]);
    const jwks = await callJson(`/v1/wallets/${wallet.id}/jwks.json`, { key: null });
    expect(jwks.body.keys).toHaveLength(2);
  });

  it("lets only the admin rotate another wallet's key, and only a wallet its own", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    const problem = await expectProblem(
      await call(`/v1/wallets/${other.id}/signing-keys/rotate`, {
        method: "POST",
        key: wallet.apiKey,
      }),
      403,
    );
    expect(problem.detail).toMatch(/admin/);
    await expectProblem(
      await call(`/v1/wallets/${crypto.randomUUID()}/signing-keys/rotate`, { method: "POST" }),
      404,
    );
    const admin = await expectProblem(
      await call("/v1/signing-keys/rotate", { method: "POST" }),
      400,
    );
    expect(admin.detail).toMatch(/\/v1\/wallets\/\{id\}\/signing-keys\/rotate/);
    await expectProblem(await call("/v1/signing-keys/rotate", { method: "POST", key: null }), 401);
    // Nothing was rotated for the other wallet.
    expect(await signingKeyRows(other.id)).toHaveLength(0);
  });
});
