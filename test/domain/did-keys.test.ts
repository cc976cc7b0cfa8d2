import * as ed from "@noble/ed25519";
import { base58 } from "@scure/base";
import { describe, expect, it } from "vitest";
import { toBase58 } from "../../src/domain/crypto/base58";
import { fromBase64Url } from "../../src/domain/crypto/base64url";
import { walletDidDocument } from "../../src/domain/did/did-documents";
import { didWebHost, walletDid, walletKeyId } from "../../src/domain/did/did-web";
import {
  generateEd25519KeyPair,
  importEd25519PrivateKey,
  jwkThumbprint,
  publicKeyMultibase,
} from "../../src/domain/signing/ed25519-keys";
import { signV1a } from "../../src/domain/signing/standard-webhooks-v1a";

describe("did:web identifiers", () => {
  it("percent-encode a port's colon and keep a bare host as it is", () => {
    expect(didWebHost("http://localhost:8787")).toBe("localhost%3A8787");
    expect(didWebHost("https://herald.example.com")).toBe("herald.example.com");
    // A default port is no port at all.
    expect(didWebHost("https://herald.example.com:443")).toBe("herald.example.com");
    expect(didWebHost("http://[::1]:8787")).toBe("%5B%3A%3A1%5D%3A8787");
  });

  it("name a wallet's DID and its keys under wallets:", () => {
    expect(walletDid("https://h.example", "w-1")).toBe("did:web:h.example:wallets:w-1");
    expect(walletKeyId("http://localhost:8787", "w-1", "k")).toBe(
      "did:web:localhost%3A8787:wallets:w-1#k",
    );
  });
});

describe("base58btc", () => {
  it("agrees with an independent implementation, leading zeros included", () => {
    const samples = [
      new Uint8Array(0),
      new Uint8Array([0]),
      new Uint8Array([0, 0, 1, 2, 255]),
      new TextEncoder().encode("Hello World!"),
      ...Array.from({ length: 20 }, (_, i) => crypto.getRandomValues(new Uint8Array(1 + i * 3))),
    ];
    for (const bytes of samples) expect(toBase58(bytes)).toBe(base58.encode(bytes));
    expect(toBase58(new TextEncoder().encode("Hello World!"))).toBe("2NEpo7TZRRrLZSi2U");
  });
});

describe("Ed25519 keys", () => {
  it("generate a pair whose kid is the RFC 7638 thumbprint of its public JWK", async () => {
    const pair = await generateEd25519KeyPair();
    expect(fromBase64Url(pair.publicKey)).toHaveLength(32);
    expect(pair.kid).toBe(await jwkThumbprint(pair.publicKey));
    expect(pair.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("compute RFC 8037's thumbprint example", async () => {
    // RFC 8037 appendix A.3: the thumbprint of the example Ed25519 public key.
    expect(await jwkThumbprint("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")).toBe(
      "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
    );
  });

  it("write publicKeyMultibase as z + base58btc(0xed 0x01 || key)", async () => {
    // RFC 8037's example key; did:key's form of an Ed25519 key starts z6Mk.
    const multibase = publicKeyMultibase("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    expect(multibase.startsWith("z6Mk")).toBe(true);
    const decoded = base58.decode(multibase.slice(1));
    expect([...decoded.slice(0, 2)]).toEqual([0xed, 0x01]);
    expect(decoded.slice(2)).toEqual(fromBase64Url("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"));
  });

  it("sign v1a entries that an independent Ed25519 verifies, one per key", async () => {
    const [a, b] = [await generateEd25519KeyPair(), await generateEd25519KeyPair()];
    const keys = await Promise.all([a, b].map((p) => importEd25519PrivateKey(p.privatePkcs8)));
    const header = await signV1a(keys, "msg_1", 1_700_000_000, '{"a":1}');
    const entries = header.split(" ");
    expect(entries).toHaveLength(2);
    const content = new TextEncoder().encode('msg_1.1700000000.{"a":1}');
    for (const [i, pair] of [a, b].entries()) {
      const signature = Uint8Array.from(atob(entries[i]!.slice(4)), (c) => c.charCodeAt(0));
      expect(entries[i]!.startsWith("v1a,")).toBe(true);
      expect(await ed.verifyAsync(signature, content, fromBase64Url(pair.publicKey))).toBe(true);
      expect(
        await ed.verifyAsync(
          signature,
          new TextEncoder().encode("x"),
          fromBase64Url(pair.publicKey),
        ),
      ).toBe(false);
    }
    await expect(signV1a([], "m", 1, "")).rejects.toThrow(RangeError);
    await expect(signV1a(keys, "m", 1.5, "")).rejects.toThrow(RangeError);
  });
});

describe("a wallet's DID document", () => {
  it("lists each key twice, current first, and refers to every method", () => {
    const keys = [
      { kid: "new", publicKey: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
      { kid: "old", publicKey: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
    ];
    const document = walletDidDocument("http://localhost:8787", "w", keys);
    expect(document.id).toBe("did:web:localhost%3A8787:wallets:w");
    expect(document.verificationMethod.map((m) => m.type)).toEqual([
      "JsonWebKey2020",
      "Ed25519VerificationKey2020",
      "JsonWebKey2020",
      "Ed25519VerificationKey2020",
    ]);
    expect(document.verificationMethod[0]!.id).toBe(`${document.id}#new`);
    expect(document.assertionMethod).toEqual(document.verificationMethod.map((m) => m.id));
  });
});
